import type { Mailer } from '../adapters/ses/mailer';
import { mailbox } from '../domain/notice/mailbox';
import type { RenderedEmail } from '../domain/notice/rendered-email';
import type { PolicyProfile } from '../domain/policy/policy-profile';

/** Sends one rendered email from the controller's sender, with its reply-to, as every single email goes. */
export function mailFromController(
  deps: { mailer: Pick<Mailer, 'sendOne'>; configurationSet?: string },
  profile: PolicyProfile,
  to: string,
  email: RenderedEmail,
): Promise<string> {
  return deps.mailer.sendOne({
    from: mailbox(profile.sender.name, profile.sender.address),
    replyTo: [profile.sender.replyTo],
    to,
    ...email,
    configurationSet: deps.configurationSet,
  });
}
