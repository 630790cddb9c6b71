// Two shards of a campaign, merged, equal one run of the same seed over the same numbers:
// same results (check ids, fingerprints, outcomes), the defect found in both. Each shard's report
// says it is a shard and claims no full result; bad shard input fails with a message.
import groovy.json.JsonSlurper

def slurp = { new JsonSlurper().parse(new File(basedir, it)) }
def shard1 = slurp('target/shards/shard-1/preflight-report.json')
def shard2 = slurp('target/shards/shard-2/preflight-report.json')
def merged = slurp('target/merged/preflight-report.json')
def single = slurp('target/single/preflight-report.json')

def key = { r -> "${r.checkId} ${r.fingerprint} ${r.outcome}".toString() }
def fuzzOf = { report -> report.results.findAll { it.checkId.startsWith('fuzz.') } }
def note = { r, field -> r.evidence.find { it.field == field }?.value }

// The merged report holds exactly the single run's results, fuzz findings included.
assert fuzzOf(single).any { it.checkId == 'fuzz.unauthorized-success' && it.outcome == 'fail' } :
    'the single run must find the stop-unauthorized defect'
assert fuzzOf(merged)*.with(key).sort() == fuzzOf(single)*.with(key).sort()
assert merged.results*.with(key).sort() == single.results*.with(key).sort()
// judged on the merged evidence: the whole campaign's counts, not a shard's (fuzz.coverage is no
// oracle of the tally: a shard does not measure it, and the merge keeps what the shards agree on)
assert fuzzOf(merged).find { it.checkId == 'fuzz.coverage' }.message.contains('a shard does not measure coverage')
fuzzOf(merged).findAll { it.checkId != 'fuzz.coverage' }.each { r ->
  def twin = fuzzOf(single).find { it.fingerprint == r.fingerprint }
  assert note(r, 'fuzz.cases') == '400' && note(twin, 'fuzz.cases') == '400'
  assert note(r, 'fuzz.sequences') == note(twin, 'fuzz.sequences')
  note(twin, 'fuzz.instruction.propose_update').with { assert note(r, 'fuzz.instruction.propose_update') == it }
  if (r.outcome == 'fail') {
    assert r.message == twin.message
    assert note(r, 'reproducer.transaction') == note(twin, 'reproducer.transaction')
  }
  assert !r.evidence.any { it.field == 'fuzz.shard' }
  assert note(r, 'fuzz.merged') == '2 shards: 1/2 shard-1, 2/2 shard-2'
}

// A shard's report is a slice: 200 cases of its numbers, nothing passed.
[shard1, shard2].eachWithIndex { s, i ->
  // a shard measures no coverage and says so (no minimum here: nothing to judge)
  def cov = fuzzOf(s).find { it.checkId == 'fuzz.coverage' }
  assert cov.outcome == 'not-applicable' && cov.message.contains('a shard does not measure coverage')
  def fuzz = fuzzOf(s).findAll { it.checkId != 'fuzz.coverage' }
  assert fuzz.every { note(it, 'fuzz.cases') == '200' }
  assert fuzz.every { note(it, 'fuzz.shard')?.startsWith("${i + 1}/2") }
  assert fuzz.findAll { it.outcome != 'fail' }.every {
    it.outcome == 'inconclusive' && it.message.startsWith("shard ${i + 1}/2 of the campaign, not a full result")
  }
  assert !fuzz.any { it.outcome == 'pass' }
}
// the defect's case numbers are spread over both shards: each finding's case is of its shard
[shard1, shard2].eachWithIndex { s, i ->
  fuzzOf(s).findAll { it.outcome == 'fail' && note(it, 'reproducer.case') ==~ /\d+/ }.each {
    assert (note(it, 'reproducer.case') as long) % 2 == i
  }
}
// one report in every format
['index.html', 'preflight.sarif.json', 'TEST-preflight.xml', 'preflight-report.json'].each {
  assert new File(basedir, "target/merged/$it").isFile() : "the merge must write $it"
}

// the shards' corpora merged: every finding the single run kept is among them (the single run's
// coverage-kept cases, under <hash>/coverage, have no counterpart: a shard measures no coverage)
def names = { d -> def f = new File(basedir, d); f.isDirectory() ?
    f.listFiles().collectMany { it.isDirectory() ? it.listFiles().findAll { it.isFile() }*.name : [] } : [] }
assert !names('target/single/fuzz-corpus').isEmpty()
assert names('target/merged/fuzz-corpus').containsAll(names('target/single/fuzz-corpus'))

def log = new File(basedir, 'build.log').text
assert log.contains('Preflight fuzz shard 1/2 done')
assert log.contains('Preflight fuzz shard 2/2 done')
assert log.contains('Shard 2/2 is missing')
assert log.contains("preflight.fuzz.shard '3/2': shard 3 does not exist, shards are numbered 1 to 2")
assert !log.contains('at dev.preflight') : 'bad input must not print a stack trace'

// a merged report names shards by number and directory name, never by a machine path
def mergedText = new File(basedir, 'target/merged/preflight-report.json').text
assert !mergedText.contains(basedir.absolutePath) : 'the merged report must not carry a machine path'
