package org.reslens.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code reslens} command line: subcommands over the same services the viewer uses. */
@Command(name = "reslens", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "ResLens: DICOM reading workstation with explainable AI (command-line tools).",
        subcommands = {InfoCommand.class, IndexCommand.class, ExplainCommand.class, ScreenCommand.class,
                EvaluateCommand.class})
public final class ReslensCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the CLI and returns the exit code; usage errors give 2. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        return configure(new CommandLine(new ReslensCommand()), out, err).execute(args);
    }

    /**
     * Gives a command line the streams and exit codes of {@link #execute}: a usage error prints its message and the
     * usage and gives 2, a failure gives 3. For tests that run one command object set up by hand.
     */
    public static CommandLine configure(CommandLine cl, PrintWriter out, PrintWriter err) {
        cl.setOut(out);
        cl.setErr(err);
        cl.setExitCodeExceptionMapper(t -> 3);
        cl.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println(ex.getMessage());
            ex.getCommandLine().usage(ex.getCommandLine().getErr());
            return 2;
        });
        return cl;
    }

    public static int execute(String... args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        return execute(args, out, err);
    }
}
