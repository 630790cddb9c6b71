// An audit of SPL Token described by its Codama IDL: the rules decode the mint with it.
def log = new File(basedir, 'build.log').text
assert log.contains('BUILD SUCCESS')
def report = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/preflight/preflight-report.json'))
def rule = report.results.find { it.checkId == 'mint.supply-and-decimals' }
assert rule != null : 'rule result missing'
assert rule.outcome == 'pass' : rule.message
def shown = rule.evidence.collectEntries { [(it.field): it.value] }
assert shown.decimals == '6'
assert shown.supply == '10000000000'
assert shown.mintAuthority == 'AEZWFCkosgN1JhDsDLXTXyaCLfQD4tYzTfgr23S4B61d'
def minimum = report.results.find { it.checkId == 'mint.minimum-supply' }
assert minimum.outcome == 'fail' : minimum.message
assert minimum.message.contains('supply = 10000000000') : minimum.message
