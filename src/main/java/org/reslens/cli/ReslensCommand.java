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
        CommandLine cl = new CommandLine(new ReslensCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExitCodeExceptionMapper(t -> 3);
        cl.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println(ex.getMessage());
            ex.getCommandLine().usage(ex.getCommandLine().getErr());
            return 2;
        });
        return cl.execute(args);
    }

    public static int execute(String... args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        return execute(args, out, err);
    }
}
