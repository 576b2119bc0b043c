// Yeoman opens .yo-rc.json while constructing a generator and throws when it is not a JSON object. The file
// comes with the repository, so a broken one must not crash a run: it is left as it is, the run remembers
// nothing, and the generator says why.
import os from 'node:os';
import path from 'node:path';
import Generator, { type BaseOptions } from 'yeoman-generator';

/** The options Yeoman parsed, by flag name (lib/run-options.ts reads them). */
export type Options = BaseOptions & Record<string, unknown>;

export class ConfigReadingGenerator extends Generator<Record<string, unknown>, Options> {
  /** Why .yo-rc.json could not be read (set during Yeoman's constructor, so not an initialised field). */
  declare protected unreadableConfig?: string;

  /** A storage that reads nothing and is never written (nothing is set on it) when .yo-rc.json is broken. */
  override createStorage(
    ...args: Parameters<Generator['createStorage']>
  ): ReturnType<Generator['createStorage']> {
    try {
      return super.createStorage(...args);
    } catch (error) {
      const { message } = error as Error;
      this.unreadableConfig = message.includes('Detail: ')
        ? `not valid JSON (${message.replace(/^.*Detail: /, '')})`
        : 'not a JSON object';
      return super.createStorage(path.join(os.tmpdir(), `celery-django-${process.pid}.yo-rc.json`), args[1]);
    }
  }
}
