/** Backup and restore: one archive of everything homerhythm owns, and the way back from it. */
export { BackupError, createBackup, type BackupOptions } from './backup.js';
export { BackupFormatError, FORMAT_VERSION, type Manifest } from './manifest.js';
export { restoreBackup, RestoreRefusedError, RESTORED_CONFIG_FILE, type RestoreOptions, type RestoreResult } from './restore.js';
