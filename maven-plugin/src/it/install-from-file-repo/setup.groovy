// The consumer's local repository: every third-party artifact of the invoker's repository (so
// that the test needs no download), hard-linked, without any Preflight artifact.
def source = new File(localRepositoryPath.toString())
def target = new File(basedir, 'target/consumer-repo')
target.parentFile.mkdirs()
def cp = ['cp', '-al', source.absolutePath, target.absolutePath].execute()
cp.waitForProcessOutput(System.out, System.err)
assert cp.exitValue() == 0 : 'cannot copy the local repository'
assert new File(target, 'dev/preflight').deleteDir()
assert !new File(target, 'dev/preflight').exists()
