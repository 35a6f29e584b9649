using System.Diagnostics;
using Opta.Fuzz;
using SharpFuzz;

// afl-fuzz runs this with no arguments (see docs/fuzzing.md); the other modes need no AFL.
switch (args)
{
    case ["--smoke", .. var dirs]:
        return Smoke(dirs);
    case ["--paths", var seconds]:
        return PathCampaign.Run(int.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture), seed: 1);
    case ["--mutate", var seeds, var seconds]:
        return Mutate(seeds, int.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture));
    case []:
        Fuzzer.OutOfProcess.Run(stream =>
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            FuzzTarget.Run(buffer.ToArray());
        });
        return 0;
    default:
        Console.Error.WriteLine("usage: Opta.Fuzz                      (under afl-fuzz)\n       Opta.Fuzz --smoke DIR...        (every file once)\n       Opta.Fuzz --mutate SEEDS SECONDS (random mutations, no AFL)\n       Opta.Fuzz --paths SECONDS       (path fields and file kinds, on disk)");
        return 2;
}

// Every input once: the seeds and the regression inputs must never throw.
static int Smoke(IEnumerable<string> dirs)
{
    var failed = 0;
    var files = dirs.SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories)).Order(StringComparer.Ordinal).ToList();
    foreach (var file in files)
    {
        try
        {
            FuzzTarget.Run(File.ReadAllBytes(file));
        }
        catch (Exception ex)
        {
            failed++;
            Console.Error.WriteLine($"{file}: {ex}");
        }
    }

    Console.WriteLine($"{files.Count} inputs, {failed} failed");
    return failed == 0 ? 0 : 1;
}

// A fallback without AFL: random byte and line mutations of the seeds, for SECONDS; failing inputs are saved.
static int Mutate(string seedDir, int seconds)
{
    var seeds = Directory.EnumerateFiles(seedDir).Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList();
    var random = new Random(1);
    var clock = Stopwatch.StartNew();
    var (runs, failures) = (0L, 0);
    Directory.CreateDirectory("mutate-findings");
    while (clock.Elapsed.TotalSeconds < seconds)
    {
        var input = Mutation.Apply(seeds[random.Next(seeds.Count)], seeds[random.Next(seeds.Count)], random);
        runs++;
        try
        {
            FuzzTarget.Run(input);
        }
        catch (Exception ex)
        {
            failures++;
            var path = Path.Combine("mutate-findings", $"failure-{failures}.yaml");
            File.WriteAllBytes(path, input);
            Console.Error.WriteLine($"{path}: {ex.GetType().Name}: {ex.Message}");
        }
    }

    Console.WriteLine($"{runs} runs in {clock.Elapsed.TotalSeconds:F0} s, {failures} failures");
    return failures == 0 ? 0 : 1;
}
