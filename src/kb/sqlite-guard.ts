import { accessSync, constants, existsSync } from 'node:fs';
import { StoreError } from './store-errors.ts';

/**
 * SQLite in WAL mode maps the `-shm` file into memory and writes to it even to read (each reader
 * marks its place). When the files become read-only underneath a running process (`chattr +i`, a
 * read-only remount), the kernel answers the next write to that mapping with SIGBUS, which no
 * JavaScript can catch: the process dies with "Bus error" (exit 135). So before every operation the
 * store asks the kernel whether the files are still writable, and refuses with a clear error when
 * they are not. Closing then leaves the database alone: SQLite's close checkpoints, writing the
 * mapping too, and so does the native handle's own close when Node tears the process down after
 * its event loop ends, so a process that found its store read-only ends with process.exit (which
 * skips that teardown) keeping its exit code. A change landing in the microseconds between this
 * check and SQLite's own access can still end in the signal: with WAL that cannot be excluded from
 * inside the process.
 */
export function sqliteWritableCheck(file: string): () => void {
  const files = [file, `${file}-wal`, `${file}-shm`];
  let exitArranged = false;
  return () => {
    for (const f of files) {
      try {
        if (existsSync(f)) accessSync(f, constants.W_OK);
      } catch (error) {
        if (!exitArranged) {
          exitArranged = true;
          process.once('beforeExit', () => process.exit());
        }
        const code = (error as NodeJS.ErrnoException).code;
        throw new StoreError(
          `The SQLite store ${f} is not writable (${code === 'EROFS' ? 'read-only file system' : code === 'EPERM' ? 'immutable file' : (code ?? 'no access')}): ` +
            'make it writable again (chattr -i, remount read-write, fix permissions) and retry.',
        );
      }
    }
  };
}
