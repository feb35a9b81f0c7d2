package io.anytask.cli;

import io.anytask.server.cli.TaskServerMain;
import java.io.PrintStream;
import java.util.List;

/** {@code anytask server ...}: runs a server until SIGTERM (see {@code anytask server --help}). */
final class ServerCommand implements Command {

    @Override
    public String name() {
        return "server";
    }

    @Override
    public String summary() {
        return "listen for clients and serve each connection with a worker JVM of its own";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        return TaskServerMain.run(args, out, err);
    }
}
