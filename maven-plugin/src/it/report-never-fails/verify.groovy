// The report goal writes everything and never fails on findings.
def log = new File(basedir, 'build.log').text
assert log.contains('the report goal does not fail the build')
assert log.contains('BUILD SUCCESS')
assert new File(basedir, 'target/preflight/index.html').text.contains('multisig.threshold')
assert new File(basedir, 'target/preflight/checklist.md').length() > 0
