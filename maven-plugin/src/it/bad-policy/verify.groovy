// A misspelt key: the build fails with the loader's message (file:line:column, the suggestion)
// and no stack trace; the validator is never started.
def log = new File(basedir, 'build.log').text
assert log.contains("unknown key 'minTreshold'; did you mean 'minThreshold'?")
assert !log.contains('starting the embedded validator')
assert !log.contains('at dev.preflight.core')
