// The failing build prints, for its finding, a suppressions entry ready to paste. This script does
// what a user would: copies the printed entry into suppressions.yaml, runs the same build again,
// and expects the gate to pass with the finding suppressed.
def log = new File(basedir, 'build.log').text
assert log.contains('Preflight gate FAIL: 1 finding at or above high')
assert log.contains('next steps:')
assert !log.contains('suppress an accepted finding in the suppressions file')

def lines = log.readLines()
int start = lines.findIndexOf { it ==~ /^\[INFO\]\s+- fingerprint: .*/ }
assert start >= 0 : 'no suppression entry printed'
def entry = lines[start..start + 4].collect { it.replaceFirst(/^\[INFO\] /, '') }
def indent = (entry[0] =~ /^(\s*)-/)[0][1].length()
entry = entry.collect { it.substring(indent) }
assert entry[1].startsWith('  checkId: multisig.threshold')
assert entry[2].contains('TODO') && entry[3].contains('TODO') : 'placeholders are marked'
def report = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/preflight/preflight-report.json'))
def finding = report.results.find { it.checkId == 'multisig.threshold' }
assert entry[0].contains(finding.fingerprint)
assert log.contains(finding.fingerprint) : 'the fingerprint is printed'
assert report.gate.verdict == 'fail'
assert report.gate.reasons[0].fingerprint == finding.fingerprint

new File(basedir, 'suppressions.yaml').text = "version: 1\nsuppressions:\n" + entry.join('\n') + '\n'
println 'pasted:\n' + new File(basedir, 'suppressions.yaml').text

// The same build again, with the pasted entry, on the repository this IT runs with.
def root = new File(basedir, '../../../..').canonicalPath
def mvn = new File(System.getProperty('maven.home'), 'bin/mvn').path
def cmd = [mvn, '-B', '-o', '-Dmaven.repo.local=' + localRepositoryPath, '-Dpreflight.root=' + root,
           'verify']
def proc = new ProcessBuilder(cmd).directory(basedir).redirectErrorStream(true).start()
def second = proc.inputStream.text
proc.waitFor()
new File(basedir, 'build-2.log').text = second
assert proc.exitValue() == 0 : 'the gate still fails with the pasted entry:\n' + second
assert second.contains('PASS: no finding at or above high (1 suppressed)')
assert second =~ /suppressed\s+\.\s+1\s/ : 'the suppressed finding has its own row'
def again = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/preflight/preflight-report.json'))
assert again.gate.verdict == 'pass'
def suppressed = again.results.find { it.checkId == 'multisig.threshold' }.suppression
assert suppressed.state == 'active' && suppressed.owner.startsWith('TODO')
