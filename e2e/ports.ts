// Where the end-to-end run's own app and Azurite listen (apart from a developer's `npm start`), and who signs in.
export const E2E = {
  port: 3100,
  blobPort: 10100,
  tablePort: 10102,
  azuriteLocation: '.azurite-e2e',
  admin: 'e2e-admin',
  viewer: 'e2e-viewer',
  adminState: 'e2e/.auth/admin.json',
  viewerState: 'e2e/.auth/viewer.json',
  get baseURL() {
    return `http://127.0.0.1:${this.port}`;
  },
};
