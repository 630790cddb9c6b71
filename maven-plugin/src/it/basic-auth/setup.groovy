// Starts the embedded validator with the reference escrow world, and in front of it a loopback
// proxy that answers 401 unless the request carries "Authorization: Basic <auditor:s3cret-pw>".
// The build reaches the proxy through a URL with the credentials in it (.mvn/maven.config).
import com.sun.net.httpserver.HttpServer
import dev.preflight.validator.EmbeddedValidator
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.nio.file.Path

def root = new File(basedir, '../../../..').canonicalFile.toPath()
def accounts = root.resolve('examples/escrow-readiness/chain/accounts')
def validator = EmbeddedValidator.builder()
    .home(root.resolve('validator'))
    .slotTime(java.time.Duration.ZERO)
    .upgradeableProgram('4eT7wUDLF1nzRCpkL4vgEYpmFNHpahnkE2oKun6sp6E3',
        root.resolve('fixtures/escrow/bin/escrow.so'),
        Optional.of('67bajZwjcHTmYEJrqo7GM55JTnv1L2AwTYr5SfEQ8jni'))
    .account('-', accounts.resolve('config.json'))
    .account('-', accounts.resolve('squads-multisig.json'))
    .account('-', accounts.resolve('squads-vault-0.json'))
    .account('-', accounts.resolve('verification-record.json'))
    .start()

def expected = 'Basic ' + Base64.encoder.encodeToString('auditor:s3cret-pw'.getBytes('UTF-8'))
def authorized = new java.util.concurrent.atomic.AtomicInteger()
def refused = new java.util.concurrent.atomic.AtomicInteger()
def http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
def server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0)
server.createContext('/') { exchange ->
  try {
    byte[] body = exchange.requestBody.readAllBytes()
    if (exchange.requestHeaders.getFirst('Authorization') != expected) {
      refused.incrementAndGet()
      byte[] no = '{"error":"authorization required"}'.getBytes('UTF-8')
      exchange.responseHeaders.add('WWW-Authenticate', 'Basic realm="rpc"')
      exchange.sendResponseHeaders(401, no.length)
      exchange.responseBody.write(no)
      return
    }
    authorized.incrementAndGet()
    def forwarded = http.send(HttpRequest.newBuilder(validator.rpcUri())
        .header('Content-Type', 'application/json')
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofByteArray())
    exchange.responseHeaders.add('Content-Type', 'application/json')
    exchange.sendResponseHeaders(forwarded.statusCode(), forwarded.body().length)
    exchange.responseBody.write(forwarded.body())
  } finally {
    exchange.close()
  }
}
server.executor = java.util.concurrent.Executors.newFixedThreadPool(4) { r ->
  def t = new Thread(r, 'basic-auth-proxy'); t.daemon = true; t }
server.start()

def mvn = new File(basedir, '.mvn')
mvn.mkdirs()
new File(mvn, 'maven.config').text =
    "-Dpreflight.validator=http://auditor:s3cret-pw@127.0.0.1:${server.address.port}\n"
// verify.groovy runs in this JVM: it reads the counters and stops both.
System.properties.put('preflight.it.basicAuth', [server: server, validator: validator,
    authorized: authorized, refused: refused])
return true
