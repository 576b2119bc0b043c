// Which message broker the project points Celery at, read from the URLs in its settings and Celery app.
import type { Project } from '../types.js';
import { statements } from './python.js';

type Broker = Project['broker'];

const URL_SCHEME = /\b([a-z][a-z0-9+.-]*):\/\//gi;

function brokerOfScheme(scheme: string): Broker {
  const name = scheme.toLowerCase();
  if (name === 'redis' || name === 'rediss' || name === 'sentinel') return 'redis';
  if (name === 'amqp' || name === 'amqps' || name === 'pyamqp' || name === 'librabbitmq') return 'rabbitmq';
  return null;
}

/** What one broker statement says: a known broker, null for another transport (sqs://), undefined for nothing. */
function brokerOfStatement(text: string): Broker | undefined {
  const schemes = [...text.matchAll(URL_SCHEME)]
    .map((match) => match[1] as string)
    .filter((scheme) => !/^https?$/i.test(scheme)); // links to documentation
  if (schemes.length > 0) return brokerOfScheme(schemes[0] as string);
  if (/redis/i.test(text)) return 'redis'; // CELERY_BROKER_URL = REDIS_URL, env("REDIS_URL")
  if (/amqp|rabbit/i.test(text)) return 'rabbitmq';
  return undefined;
}

/**
 * The broker of the first statement that names one (CELERY_BROKER_URL, BROKER_URL, `broker=` of Celery(),
 * `app.conf.broker_url`), in the order the sources are given; else a REDIS_URL / RABBITMQ_URL setting that
 * holds a URL of its kind. Null when nothing says.
 */
export function detectBroker(sources: string[]): Broker {
  const parsed = sources.map((source) => statements(source).map((statement) => statement.text));
  for (const texts of parsed) {
    for (const text of texts) {
      if (!/broker/i.test(text) || /result_backend/i.test(text) || /^[rRuU]?['"]/.test(text)) continue;
      const broker = brokerOfStatement(text);
      if (broker !== undefined) return broker;
    }
  }
  for (const texts of parsed) {
    for (const text of texts) {
      if (/^\s*REDIS_URL\b/.test(text) && /\brediss?:\/\//i.test(text)) return 'redis';
      if (/^\s*(RABBITMQ|AMQP)_URL\b/.test(text) && /\b(py)?amqps?:\/\//i.test(text)) return 'rabbitmq';
    }
  }
  return null;
}
