/** The demo password the test databases are made with. */
export const TEST_DEMO_PASSWORD = 'tell-once-demo-2026';
