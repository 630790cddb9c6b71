// Maven reads "yes" as false for a boolean, which would turn mainnet strictness off without a word:
// the value is refused with the accepted values, and so is an unknown severity, both in one run.
// -Dpreflight.validator cannot win over the pom's <configuration><validator>: a warning says so.
def log = new File(basedir, 'build.log').text
assert log.contains("preflight.failOnInconclusive: 'yes' is not a boolean; accepted values: true, false.")
assert log.contains("preflight.failOnSeverity: unknown severity 'severe'; use one of info, low, medium, high, critical.")
assert log =~ /\[WARNING\] -Dpreflight.validator is ignored: pom.xml:\d+:\d+ sets <validator> in <configuration>/
assert !log.contains('starting the embedded validator')
assert !log.contains('at dev.preflight')
