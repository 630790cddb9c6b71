// The credentials in the RPC URL reached the proxy as an Authorization header on every request
// (none was refused), the audit passed as on the embedded validator, and the password is in no
// report, no snapshot and no log line.
def it = System.properties.remove('preflight.it.basicAuth')
try {
  assert it.authorized.get() > 0 : 'the audit never reached the proxy with the header'
  assert it.refused.get() == 0 : "${it.refused.get()} request(s) came without the header"
} finally {
  it.server.stop(0)
  it.validator.close()
}
def log = new File(basedir, 'build.log').text
assert log.contains('PASS: no finding at or above high')
assert !log.contains('s3cret-pw')
def out = new File(basedir, 'target/preflight')
def files = []
out.eachFileRecurse(groovy.io.FileType.FILES) { files << it }
assert files.any { it.name == 'preflight-report.json' }
files.each { f -> assert !f.text.contains('s3cret-pw') : "the password is in $f" }
files.each { f -> assert !f.text.contains('auditor:') : "the user name is in $f" }
def report = new groovy.json.JsonSlurper().parse(new File(out, 'preflight-report.json'))
assert report.clusters[0].url ==~ /http:\/\/127\.0\.0\.1:\d+/
assert report.results.find { it.checkId == 'program.upgrade-authority' }.outcome == 'pass'
