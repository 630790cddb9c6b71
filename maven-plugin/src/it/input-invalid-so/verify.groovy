// A .so that is not an ELF, with mainnet: false: the build fails before any cluster is read, and the log
// names the policy key (file:line:column) and the file; no stack trace, no validator started.
def log = new File(basedir, 'build.log').text
assert log.contains('Preflight did not start: 1 input is missing or invalid')
assert log.contains("preflight.yaml:9:13 program.binary.so: ")
assert log.contains("not-a-program.so is not a Solana program")
assert !log.contains('starting the embedded validator')
assert !log.contains('at dev.preflight.core')
assert !new File(basedir, 'target/preflight/preflight-report.json').exists()
