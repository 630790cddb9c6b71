// The gate passes on the well-governed escrow and every report is written.
def out = new File(basedir, 'target/preflight')
['preflight-report.json', 'index.html', 'preflight.sarif.json', 'TEST-preflight.xml',
 'checklist.md', 'preflight-snapshot.json'].each {
  assert new File(out, it).length() > 0 : "missing or empty: $it"
}
def log = new File(basedir, 'build.log').text
assert log.contains('PASS: no finding at or above high')
assert log.contains('reports in target/preflight/:')
def report = new groovy.json.JsonSlurper().parse(new File(out, 'preflight-report.json'))
assert report.results.find { it.checkId == 'program.upgrade-authority' }.outcome == 'pass'
assert report.results.find { it.checkId == 'multisig.threshold' }.outcome == 'pass'
assert report.results.find { it.checkId == 'program.binary-hash' }.outcome == 'pass'
def junit = new File(out, 'TEST-preflight.xml').text
assert junit.contains('<testsuite')

// Second run: the first report was kept as previous/ and compared with; nothing changed.
assert new File(out, 'previous/preflight-report.json').length() > 0
assert log =~ /Compared with the report of \S+: 0 new, 0 resolved, 0 changed, 0 unchanged finding\(s\)\./
