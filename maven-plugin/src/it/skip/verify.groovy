// preflight.skip: no audit, no reports, even with a failing policy.
assert !new File(basedir, 'target/preflight').exists()
assert new File(basedir, 'build.log').text.contains('Preflight check skipped (preflight.skip)')
