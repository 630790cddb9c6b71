// The consumer resolved the plugin and its libraries from the team's file repository only, and
// ran a real audit with it.
def team = new File(basedir, 'target/team-repo/dev/preflight')
['preflight-parent', 'preflight-validator', 'preflight-report-templates', 'preflight-audit-core',
 'preflight-checks', 'preflight-maven-plugin'].each {
  assert new File(team, it).isDirectory() : "not deployed: $it"
}
def consumerRepo = new File(basedir, 'target/consumer-repo/dev/preflight')
['preflight-maven-plugin', 'preflight-audit-core', 'preflight-checks'].each {
  def dir = new File(consumerRepo, it)
  assert dir.isDirectory() : "the consumer did not resolve $it"
  // Maven's record of where each file came from: the team repository, by its id.
  def files = []
  dir.eachFileRecurse { files << it }
  def origins = files*.name.join(' ') + ' ' + files.findAll { it.name == '_remote.repositories' }
      *.text.join(' ')
  assert origins.contains('team') : "$it did not come from the team repository: $origins"
}
def log = new File(basedir, 'consumer/build.log')
log = log.exists() ? log.text : new File(basedir, 'build.log').text
assert log.contains('PASS: no finding at or above high')
assert log.contains('BUILD SUCCESS')
assert new File(basedir, 'consumer/target/preflight/preflight-report.json').length() > 0
