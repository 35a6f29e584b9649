using BenchmarkDotNet.Running;
using Opta.Bench;

// `--generate N [FILE]` writes the measurement input (stdout without FILE); anything else goes to BenchmarkDotNet.
if (args is ["--generate", var count, ..])
{
    var text = ServiceFileGenerator.Generate(int.Parse(count, System.Globalization.CultureInfo.InvariantCulture));
    if (args.Length > 2)
    {
        File.WriteAllText(args[2], text);
    }
    else
    {
        Console.Out.Write(text);
    }

    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(ServiceFileGenerator).Assembly).Run(args);
return 0;
