// Registers the aws-sdk-client-mock-vitest matchers (toHaveReceivedCommand...) for the file importing this.
import { allCustomMatcher } from 'aws-sdk-client-mock-vitest';
import type {} from 'aws-sdk-client-mock-vitest/extend';
import { expect } from 'vitest';

expect.extend(allCustomMatcher);
