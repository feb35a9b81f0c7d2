import io.anytask.client.Checkout;
import io.anytask.client.TaskClient;
import io.anytask.client.TaskClientConfig;
import io.anytask.protocol.Endpoint;
import io.anytask.server.ForkedTaskServer;
import io.anytask.server.ServerConfig;
import io.anytask.server.TaskServer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Run by ModulePathIT with the java source launcher, the anytask modules on the module path and no class path:
 * forks a server with TaskServer.fork, makes one call through a TaskClient, prints the forked server's pid and
 * the result, then stops the server gracefully. Arguments: SOCKET CONFORMANCE_JAR WORKER_HOME.
 */
public class ForkFromModulePath {
    public static void main(String[] args) throws Exception {
        ServerConfig config = ServerConfig.builder().endpoint(Endpoint.parse("unix:" + args[0]))
                .interfaceName("conformance").bundle(Path.of(args[1])).workerHome(Path.of(args[2]))
                .name("forked").readyWorkers(1).build();
        try (ForkedTaskServer server = TaskServer.fork(config)) {
            System.out.println("forked server pid " + server.pid());
            try (TaskClient client = TaskClient.create(TaskClientConfig.builder(server.endpoint()).build());
                 Checkout checkout = client.checkout()) {
                System.out.println("result " + checkout.call("echo", 1, "x").get(60, TimeUnit.SECONDS));
            }
        }
    }
}
