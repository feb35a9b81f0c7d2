package io.anytask.itest.reliability;

import io.anytask.client.Checkout;
import io.anytask.client.TaskClient;
import io.anytask.client.TaskClientConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A client process for {@link ClientKilledIT}: {@code SleepingClient ENDPOINT N} checks out N workers, prints
 * {@code worker PID} for each on standard output, then {@code holding}, and holds them until it is killed (at most
 * 120 s, so that it never outlives a broken test run for long).
 */
public final class SleepingClient {
    private SleepingClient() {
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[1]);
        TaskClient client = TaskClient.create(TaskClientConfig.builder(args[0]).maxWorkers(n).build());
        List<Checkout> held = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Checkout co = client.checkout();
            held.add(co);
            System.out.println("worker " + co.call("pid", Long.class).get(60, TimeUnit.SECONDS));
        }
        System.out.println("holding");
        System.out.flush();
        Thread.sleep(120_000);
        held.forEach(Checkout::close);
        client.close();
    }
}
