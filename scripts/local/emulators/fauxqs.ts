import { startFauxqs } from 'fauxqs';
import type { LocalQueue } from '../template/data-stores';
import { LOCAL_REGION } from './local-aws';

export interface LocalSqs {
  /** 127.0.0.1 rather than the 0.0.0.0 fauxqs listens on, so it matches the queue URLs fauxqs hands out. */
  endpoint: string;
  createQueues(queues: readonly LocalQueue[]): void;
  stop(): Promise<void>;
}

/** fauxqs in this process, on any free port, with ARNs and queue URLs in the local region. */
export async function startLocalSqs(): Promise<LocalSqs> {
  const server = await startFauxqs({ port: 0, logger: false, defaultRegion: LOCAL_REGION });
  const endpoint = `http://127.0.0.1:${server.port}`;
  return {
    endpoint,
    createQueues(queues) {
      for (const queue of queues) {
        const created = server.createQueue(queue.name, { attributes: queue.attributes });
        // The template was resolved before fauxqs named the queue; the ARNs must agree or redrive goes nowhere.
        // The URL handed out is `<endpoint>/<account>/<name>`, not fauxqs's `sqs.<region>.localhost` form,
        // which does not resolve everywhere; fauxqs finds a queue by the name in any URL of its own port.
        if (created.queueArn !== queue.arn) throw new Error(`fauxqs named ${queue.logicalId} ${created.queueArn}, expected ${queue.arn}`);
      }
    },
    stop: () => server.stop(),
  };
}
