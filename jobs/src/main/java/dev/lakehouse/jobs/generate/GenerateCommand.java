package dev.lakehouse.jobs.generate;

import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code generate raygun|pokemon|iot --out DIR [--files N] [--seed S] [--from I]}: writes sample
 * data and prints what it wrote and what the pipeline should compute from it. {@code --files} is
 * files for raygun and pokemon, customers for iot (default 1000); {@code --from} (raygun, pokemon)
 * appends files continuing the numbering. The default seed is 42.
 */
public final class GenerateCommand {
  private GenerateCommand() {}

  public static void main(String[] args) {
    try {
      System.out.println(run(args));
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
    }
  }

  static final String USAGE =
      "usage: generate raygun|pokemon|iot --out DIR [--files N] [--seed S] [--from I]";

  /** Runs the command and returns its report. */
  public static String run(String... args) {
    if (args.length < 1) {
      throw new IllegalArgumentException(USAGE);
    }
    String kind = args[0].toLowerCase(Locale.ROOT);
    Path out = null;
    int count = 1000;
    long seed = 42L;
    int from = 1;
    for (int i = 1; i < args.length; i++) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(args[i] + " needs a value\n" + USAGE);
      }
      String value = args[++i];
      switch (args[i - 1]) {
        case "--out" -> out = Path.of(value);
        case "--files" -> count = parseInt(value, "--files");
        case "--seed" -> seed = parseLong(value);
        case "--from" -> from = parseInt(value, "--from");
        default ->
            throw new IllegalArgumentException("unknown option " + args[i - 1] + "\n" + USAGE);
      }
    }
    if (out == null) {
      throw new IllegalArgumentException("generate needs --out DIR\n" + USAGE);
    }
    switch (kind) {
      case "raygun":
        {
          Summary s = RaygunGenerator.write(out, from, count, seed);
          int last = from + count - 1;
          return describe(s)
              + String.format(
                  Locale.ROOT,
                  "%ndistinct Request.IpAddress in files 1..%d: %d",
                  last,
                  RaygunGenerator.expectedRequestsByIp(last, seed).size());
        }
      case "pokemon":
        {
          Summary s = PokemonGenerator.write(out, from, count, seed);
          return describe(s)
              + "\npokemon per type in files 1.."
              + (from + count - 1)
              + ": "
              + PokemonGenerator.expectedCountByType(from + count - 1, seed);
        }
      case "iot":
        {
          if (from != 1) {
            throw new IllegalArgumentException("iot has no --from");
          }
          IotGenerator.Landing landing = IotGenerator.write(out, count, seed);
          return "customer: "
              + describe(landing.customer())
              + "\naccelerometer: "
              + describe(landing.accelerometer())
              + "\nstep_trainer: "
              + describe(landing.stepTrainer())
              + "\n"
              + IotGenerator.expected(count, seed);
        }
      default:
        throw new IllegalArgumentException("unknown generator " + args[0]);
    }
  }

  private static String describe(Summary s) {
    return String.format(
        Locale.ROOT,
        "%d files, %d bytes, %d rows, %d source ids",
        s.files(),
        s.bytes(),
        s.rows(),
        s.sourceIds());
  }

  private static int parseInt(String value, String name) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer: " + value);
    }
  }

  private static long parseLong(String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--seed must be an integer: " + value);
    }
  }
}
