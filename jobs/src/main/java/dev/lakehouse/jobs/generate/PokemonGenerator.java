package dev.lakehouse.jobs.generate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Synthetic PokeAPI dumps: one {@code GET /api/v2/pokemon/<id>} document per file, written like
 * Python's {@code json.dump} (one line, {@code ", "}/{@code ": "} separators, no final new line),
 * with the API's field names in its order: {@code abilities, base_experience, cries, forms,
 * game_indices, height, held_items, id, is_default, location_area_encounters, moves, name, order,
 * past_abilities, past_types, species, sprites, stats, types, weight}. {@code types} is {@code
 * [{slot, type: {name, url}}]} with the 18 real type names and ids; {@code stats} is {@code
 * [{base_stat, effort, stat: {name, url}}]} with the six real stat names. Pokemon, move and ability
 * names are invented (the real ones are not ours to ship).
 *
 * <p>The source id is the top-level {@code id}, equal to the file index; {@code name} is unique
 * too. File {@code i} is {@code pokemon-%06d.json}. Everything is a function of {@code (seed, id)}.
 */
public final class PokemonGenerator {
  public static final int MAX_INDEX = RaygunGenerator.MAX_INDEX;

  /** The real PokeAPI types, ids 1-18, in id order. */
  public static final List<String> TYPES =
      List.of(
          "normal",
          "fighting",
          "flying",
          "poison",
          "ground",
          "rock",
          "bug",
          "ghost",
          "steel",
          "fire",
          "water",
          "grass",
          "electric",
          "psychic",
          "ice",
          "dragon",
          "dark",
          "fairy");

  private static final long BASICS_STREAM = 0x42415349L;
  private static final long DOC_STREAM = 0x444F43L;
  private static final long NAME_STREAM = 0x4E414D45L;

  /** How many pokemon of each type PokeAPI lists (flying mostly as a second type). */
  private static final double[] PRIMARY =
      Rng.cumulative(
          158, 100, 30, 102, 93, 102, 104, 92, 91, 103, 186, 152, 110, 136, 66, 107, 94, 83);

  private static final double[] SECONDARY =
      Rng.cumulative(40, 60, 160, 60, 60, 50, 30, 50, 60, 40, 50, 50, 40, 70, 40, 60, 60, 60);

  private PokemonGenerator() {}

  /** The columns the silver table keeps, as the generator drew them. */
  public record Pokemon(
      int id, String name, int height, int weight, int baseExperience, List<String> types) {}

  /** Per type: pokemon that have it (as first or second type), and their total weight. */
  public record TypeStats(long pokemon, long totalWeight) {
    public double averageWeight() {
      return pokemon == 0 ? 0 : (double) totalWeight / pokemon;
    }
  }

  public static Summary write(Path outDir, int files, long seed) {
    return write(outDir, 1, files, seed);
  }

  /** Writes the pokemon with ids {@code fromIndex .. fromIndex + count - 1}, one per file. */
  public static Summary write(Path outDir, int fromIndex, int count, long seed) {
    RaygunGenerator.checkRange(fromIndex, count);
    JsonOut.createDirectories(outDir);
    long bytes = 0;
    for (int id = fromIndex; id < fromIndex + count; id++) {
      byte[] document = document(id, seed);
      JsonOut.writeFile(outDir.resolve(fileName(id)), document);
      bytes += document.length;
    }
    return new Summary(count, bytes, count, count);
  }

  public static String fileName(int id) {
    RaygunGenerator.checkRange(id, 1);
    return String.format(Locale.ROOT, "pokemon-%06d.json", id);
  }

  /** Pokemon per type name in files 1..files, counting a two-type pokemon under both. */
  public static Map<String, Long> expectedCountByType(int files, long seed) {
    return expectedCountByType(1, files, seed);
  }

  public static Map<String, Long> expectedCountByType(int fromIndex, int count, long seed) {
    Map<String, Long> counts = new HashMap<>();
    expectedStatsByType(fromIndex, count, seed).forEach((t, s) -> counts.put(t, s.pokemon()));
    return RaygunGenerator.sortedByCount(counts);
  }

  /** Count and total weight per type: what {@code gold.pokemon_by_type} aggregates. */
  public static Map<String, TypeStats> expectedStatsByType(int fromIndex, int count, long seed) {
    RaygunGenerator.checkRange(fromIndex, count);
    Map<String, TypeStats> stats = new TreeMap<>();
    for (int id = fromIndex; id < fromIndex + count; id++) {
      Pokemon p = pokemon(id, seed);
      for (String type : p.types()) {
        stats.merge(
            type,
            new TypeStats(1, p.weight()),
            (a, b) -> new TypeStats(a.pokemon + b.pokemon, a.totalWeight + b.totalWeight));
      }
    }
    return Collections.unmodifiableMap(stats);
  }

  /** The silver columns of pokemon {@code id}, without writing anything. */
  public static Pokemon pokemon(int id, long seed) {
    RaygunGenerator.checkRange(id, 1);
    Rng r = Rng.of(seed, BASICS_STREAM, id);
    int primary = r.weighted(PRIMARY);
    List<String> types = new ArrayList<>(2);
    types.add(TYPES.get(primary));
    if (r.chance(0.5)) {
      int secondary = r.weighted(SECONDARY);
      if (secondary != primary) {
        types.add(TYPES.get(secondary));
      }
    }
    int height = r.between(2, 40);
    int weight = Math.max(1, (int) Math.round(height * height * (1.0 + 2.0 * r.nextDouble())));
    int baseExperience = r.between(36, 306);
    return new Pokemon(id, name(id, seed), height, weight, baseExperience, List.copyOf(types));
  }

  /** A pronounceable name, distinct for every id of a seed. */
  static String name(int id, long seed) {
    List<String> syllables = new ArrayList<>(SYLLABLES);
    Rng r = Rng.of(seed, NAME_STREAM);
    for (int i = syllables.size() - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      String swap = syllables.get(i);
      syllables.set(i, syllables.get(j));
      syllables.set(j, swap);
    }
    int base = syllables.size();
    int length = id <= base * base * base ? 3 : 4;
    long space = 1;
    for (int i = 0; i < length; i++) {
      space *= base;
    }
    // An affine map with a multiplier coprime to the space (70^n = 2^n 5^n 7^n) is a bijection.
    long value = Math.floorMod(104_729L * (id - 1) + (r.nextLong() >>> 1), space);
    StringBuilder name = new StringBuilder();
    for (int i = 0; i < length; i++) {
      name.append(syllables.get((int) (value % base)));
      value /= base;
    }
    return name.toString();
  }

  static byte[] document(int id, long seed) {
    Pokemon p = pokemon(id, seed);
    Rng r = Rng.of(seed, DOC_STREAM, id);
    ObjectNode doc = JsonOut.MAPPER.createObjectNode();

    ArrayNode abilities = doc.putArray("abilities");
    int abilityCount = r.between(1, 3);
    List<Integer> taken = new ArrayList<>();
    for (int slot = 1; slot <= abilityCount; slot++) {
      int ability = r.nextInt(ABILITY_FIRST.size() * ABILITY_SECOND.size());
      if (taken.contains(ability)) {
        continue;
      }
      taken.add(ability);
      ObjectNode entry = abilities.addObject();
      entry.set("ability", ref(abilityName(ability), "ability", ability + 1));
      entry.put("is_hidden", slot == 3);
      entry.put("slot", slot);
    }
    doc.put("base_experience", p.baseExperience());
    ObjectNode cries = doc.putObject("cries");
    cries.put("latest", "https://cries.example.org/pokemon/latest/" + id + ".ogg");
    cries.put("legacy", "https://cries.example.org/pokemon/legacy/" + id + ".ogg");
    doc.putArray("forms").add(ref(p.name(), "pokemon-form", id));
    ArrayNode games = doc.putArray("game_indices");
    int firstVersion = r.nextInt(VERSIONS.size());
    for (int v = firstVersion; v < VERSIONS.size(); v++) {
      ObjectNode entry = games.addObject();
      entry.put("game_index", r.between(1, 400));
      entry.set("version", ref(VERSIONS.get(v), "version", v + 1));
    }
    doc.put("height", p.height());
    doc.putArray("held_items");
    doc.put("id", id);
    doc.put("is_default", true);
    doc.put("location_area_encounters", "https://pokeapi.co/api/v2/pokemon/" + id + "/encounters");
    ArrayNode moves = doc.putArray("moves");
    int moveCount = r.between(4, 60);
    int moveSpace = MOVE_FIRST.size() * MOVE_SECOND.size();
    int move = r.nextInt(moveSpace);
    // Steps coprime to the 216 move ids, so a walk never repeats a move.
    int step = r.pick(new Integer[] {1, 5, 7, 11, 13});
    for (int m = 0; m < moveCount && m < moveSpace; m++) {
      move = (move + step) % moveSpace;
      ObjectNode entry = moves.addObject();
      entry.set("move", ref(moveName(move), "move", move + 1));
      ArrayNode details = entry.putArray("version_group_details");
      int groups = r.between(1, 3);
      int group = r.nextInt(VERSION_GROUPS.size());
      for (int g = 0; g < groups; g++) {
        int method = r.nextInt(LEARN_METHODS.size());
        ObjectNode detail = details.addObject();
        detail.put("level_learned_at", method == 0 ? r.between(1, 60) : 0);
        detail.set(
            "move_learn_method", ref(LEARN_METHODS.get(method), "move-learn-method", method + 1));
        int vg = (group + g) % VERSION_GROUPS.size();
        detail.set("version_group", ref(VERSION_GROUPS.get(vg), "version-group", vg + 1));
      }
    }
    doc.put("name", p.name());
    doc.put("order", id);
    doc.putArray("past_abilities");
    doc.putArray("past_types");
    doc.set("species", ref(p.name(), "pokemon-species", id));
    ObjectNode sprites = doc.putObject("sprites");
    for (String side : List.of("back", "front")) {
      sprites.put(side + "_default", sprite(side, "", id));
      sprites.putNull(side + "_female");
      sprites.put(side + "_shiny", sprite(side, "shiny/", id));
      sprites.putNull(side + "_shiny_female");
    }
    ArrayNode stats = doc.putArray("stats");
    for (int s = 0; s < STATS.size(); s++) {
      ObjectNode entry = stats.addObject();
      entry.put("base_stat", r.between(20, 160));
      entry.put("effort", r.chance(0.7) ? 0 : r.between(1, 3));
      entry.set("stat", ref(STATS.get(s), "stat", s + 1));
    }
    ArrayNode types = doc.putArray("types");
    for (int slot = 1; slot <= p.types().size(); slot++) {
      String type = p.types().get(slot - 1);
      ObjectNode entry = types.addObject();
      entry.put("slot", slot);
      entry.set("type", ref(type, "type", TYPES.indexOf(type) + 1));
    }
    doc.put("weight", p.weight());
    return JsonOut.python(doc);
  }

  private static ObjectNode ref(String name, String resource, int id) {
    ObjectNode node = JsonOut.MAPPER.createObjectNode();
    node.put("name", name);
    node.put("url", "https://pokeapi.co/api/v2/" + resource + "/" + id + "/");
    return node;
  }

  private static String sprite(String side, String variant, int id) {
    return "https://sprites.example.org/pokemon/"
        + (side.equals("back") ? "back/" : "")
        + variant
        + id
        + ".png";
  }

  private static String moveName(int move) {
    return MOVE_FIRST.get(move / MOVE_SECOND.size())
        + "-"
        + MOVE_SECOND.get(move % MOVE_SECOND.size());
  }

  private static String abilityName(int ability) {
    return ABILITY_FIRST.get(ability / ABILITY_SECOND.size())
        + "-"
        + ABILITY_SECOND.get(ability % ABILITY_SECOND.size());
  }

  private static final List<String> SYLLABLES = syllables();

  private static List<String> syllables() {
    List<String> out = new ArrayList<>();
    for (char c : "bdfgklmnprstvz".toCharArray()) {
      for (char v : "aeiou".toCharArray()) {
        out.add("" + c + v);
      }
    }
    return List.copyOf(out);
  }

  private static final List<String> STATS =
      List.of("hp", "attack", "defense", "special-attack", "special-defense", "speed");

  private static final List<String> LEARN_METHODS = List.of("level-up", "egg", "tutor", "machine");

  private static final List<String> VERSIONS =
      List.of("amber", "slate", "coral", "ivory", "dawn", "dusk", "ember", "tide");

  private static final List<String> VERSION_GROUPS =
      List.of("amber-slate", "coral-ivory", "dawn-dusk", "ember-tide", "frost-bloom");

  private static final List<String> MOVE_FIRST =
      List.of(
          "quick", "iron", "shadow", "flame", "aqua", "leaf", "thunder", "stone", "gust", "frost",
          "mind", "venom", "spark", "drake", "pixie", "mud", "bone", "steel");

  private static final List<String> MOVE_SECOND =
      List.of(
          "strike", "guard", "burst", "wave", "fang", "kick", "beam", "dance", "claw", "punch",
          "slam", "pulse");

  private static final List<String> ABILITY_FIRST =
      List.of("thick", "swift", "keen", "iron", "calm", "wild", "sharp", "bright", "still");

  private static final List<String> ABILITY_SECOND =
      List.of("hide", "eye", "mind", "fist", "veil", "heart", "wing", "scales");
}
