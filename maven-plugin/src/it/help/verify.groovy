// preflight:help lists every goal of the plugin, and -Dgoal=check -Ddetail its parameters with
// the -D properties, including the skip switches and the fuzz overrides check honours.
def log = new File(basedir, 'build.log').text
['preflight:check', 'preflight:fuzz', 'preflight:report', 'preflight:snapshot',
 'preflight:site-report', 'preflight:aggregate', 'preflight:help'].each {
  assert log.contains(it) : "help does not list $it"
}
['User property: preflight.skip', 'User property: preflight.check.skip',
 'User property: preflight.fuzz.skip', 'User property: preflight.fuzz.seed',
 'User property: preflight.fuzz.maxCases', 'User property: preflight.policy'].each {
  assert log.contains(it) : "help -Dgoal=check -Ddetail does not show $it"
}
assert !log.contains('BUILD FAILURE')
