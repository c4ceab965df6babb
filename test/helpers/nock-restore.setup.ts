// Jest setupFilesAfterEnv: nock (14, on @mswjs/interceptors) patches Node's http module when it is loaded, and Jest
// shares Node's own modules between the suites one worker runs while each suite loads its own nock. Without a
// restore, every earlier suite's interceptor stays applied underneath the next one's: a reply that fails (a reset
// connection) then travels through each stacked socket and surfaces as an unhandled error in a later suite
// (duplicate-protection.test.ts failed that way in full runs only). Each suite restores the nock it loaded; loading
// it here for a suite that had not is undone at once.
afterAll(() => {
  ;(require('nock') as typeof import('nock')).restore()
})
