import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The cold-start baseline of benchmarks/cold-start.sh: the smallest useful picocli command. */
@Command(name = "hello", mixinStandardHelpOptions = true, version = "hello 1.0",
        description = "Prints a greeting.")
public class HelloWorld implements Runnable {

    @Option(names = "--name", defaultValue = "world", description = "whom to greet")
    String name;

    @Override
    public void run() {
        System.out.println("Hello, " + name + "!");
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new HelloWorld()).execute(args));
    }
}
