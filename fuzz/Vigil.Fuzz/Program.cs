using SharpFuzz;
using Vigil.Fuzz;

// fuzz/run.sh drives "run" under AFL++; "check" replays inputs without it (a finding, a regression case).
var targets = new Dictionary<string, (Action<byte[]> Check, Func<IEnumerable<(string Name, byte[] Input)>> Seeds)>
{
    ["mqtt"] = (MqttInput.Check, MqttSeeds.All),
    ["envelope"] = (EnvelopeInput.Check, EnvelopeInput.Seeds),
    ["broker"] = (BrokerInput.Check, BrokerSeeds.All),
};
switch (args)
{
    case ["run", var name] when targets.TryGetValue(name, out var target):
        Fuzzer.OutOfProcess.Run(stream => target.Check(ReadAll(stream)));
        return 0;
    case ["seeds", var name, var directory] when targets.TryGetValue(name, out var target):
        Directory.CreateDirectory(directory);
        foreach (var (seed, input) in target.Seeds())
        {
            File.WriteAllBytes(Path.Combine(directory, seed), input);
        }
        return 0;
    case ["check", var name, .. var files] when targets.TryGetValue(name, out var target) && files.Length > 0:
        return Replay(target.Check, files);
    default:
        Console.Error.WriteLine($"usage: Vigil.Fuzz run TARGET | seeds TARGET DIR | check TARGET FILE…   (TARGET: {string.Join(", ", targets.Keys)})");
        return 2;
}

static byte[] ReadAll(Stream stream)
{
    using var copy = new MemoryStream();
    stream.CopyTo(copy);
    return copy.ToArray();
}

static int Replay(Action<byte[]> check, string[] files)
{
    var failed = 0;
    foreach (var file in files)
    {
        try
        {
            check(File.ReadAllBytes(file));
        }
        catch (Exception e)
        {
            failed++;
            Console.WriteLine($"{file}: {e.GetType().Name}: {e.Message}");
            Console.WriteLine(e.StackTrace);
        }
    }
    Console.WriteLine($"{files.Length - failed} of {files.Length} inputs handled without an unexpected exception");
    return failed == 0 ? 0 : 1;
}
