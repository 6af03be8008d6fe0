/** Said wherever a team folder is chosen: what to pick, and what ends up in it. */
export const FOLDER_HINT =
  'The full path of a folder that Syncthing, Dropbox, Google Drive, OneDrive, iCloud Drive or a network share keeps in step between your computers, for example /home/ana/Sync/principled. Everything Principled writes there is encrypted; the database itself stays on this computer.';
