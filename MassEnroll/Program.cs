using System.CommandLine;
using System.Runtime.InteropServices;
using MassEnroll.Jobs;
using MassEnroll.Prepare;
using MassEnroll.Run;

namespace MassEnroll;

/// <summary>findface-mass-enroll (spec 8.5): prepare a job file of images, print it, run it against the API.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var job = new Option<string>("--job")
        {
            Description = "Job file",
            DefaultValueFactory = _ => JobFile.DefaultPath,
            HelpName = "PATH",
            Recursive = true,
        };

        var images = new Argument<string[]>("IMAGES") { Description = "Images: paths or patterns (*, ?, [...], ** for any folders)", Arity = ArgumentArity.ZeroOrMore };
        var metaConst = new Option<string?>("--meta-const") { Description = "Shared metadata string", HelpName = "TEXT" };
        var metaCompanion = new Option<string?>("--meta-companion") { Description = "Extension of metadata files accompanying the images (e.g. txt)", HelpName = "TEXT" };
        var metaCsv = new Option<string?>("--meta-csv") { Description = "Name of the CSV file containing metadata (metastring, image)", HelpName = "PATH" };
        var metaFilename = new Option<bool>("--meta-filename") { Description = "Use file name (without extension) as metadata string" };
        var split = new Option<int?>("--split") { Description = "Split job file into N parts (default: don't split)", HelpName = "INTEGER" };
        var prepare = new Command("prepare", "Prepare upload job") { images, metaConst, metaCompanion, metaCsv, metaFilename, split };
        prepare.SetAction(parsed => Guarded(() =>
        {
            MetaSource[] given =
            [
                .. parsed.GetValue(metaConst) is { } constant ? [new MetaSource.Constant(constant)] : Array.Empty<MetaSource>(),
                .. parsed.GetValue(metaCompanion) is { } extension ? [new MetaSource.Companion(extension)] : Array.Empty<MetaSource>(),
                .. parsed.GetValue(metaCsv) is { } csv ? [new MetaSource.Csv(CsvMeta.Read(csv))] : Array.Empty<MetaSource>(),
                .. parsed.GetValue(metaFilename) ? [new MetaSource.FileName()] : Array.Empty<MetaSource>(),
            ];
            if (given.Length > 1)
                throw new UsageException("Give one of --meta-const, --meta-companion, --meta-csv and --meta-filename, not several.");
            return PrepareCommand.Run(parsed.GetValue(job)!, parsed.GetValue(images) ?? [], given.SingleOrDefault() ?? new MetaSource.None(),
                parsed.GetValue(split), Console.Out);
        }));

        var printFailed = new Option<bool>("--failed") { Description = "Show only failed images" };
        var print = new Command("print", "Print contents of job file as JSON") { printFailed };
        print.SetAction(parsed => Guarded(() =>
        {
            var loaded = JobFile.Load(parsed.GetValue(job)!);
            var shown = parsed.GetValue(printFailed) ? loaded with { Images = loaded.Images.Where(i => i.State == ImageState.Failed).ToList() } : loaded;
            Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(shown, JobFile.Json));
            return ExitCodes.Done;
        }));

        var parallel = new Option<int>("--parallel") { Description = "Number of enroll threads", DefaultValueFactory = _ => RunOptions.DefaultParallel, HelpName = "INTEGER" };
        var api = new Option<string>("--api") { Description = "API url", DefaultValueFactory = _ => RunOptions.DefaultApi, HelpName = "TEXT" };
        var token = new Option<string?>("--token") { Description = "API token", HelpName = "TEXT" };
        var gallery = new Option<string?>("--gallery") { Description = $"Enroll faces into specified gallery (default: {RunOptions.DefaultGallery})", HelpName = "TEXT" };
        var runFailed = new Option<bool>("--failed") { Description = "Include failed images" };
        var mfSelector = new Option<string?>("--mf-selector") { Description = "mf_selector (biggest,all,reject)" };
        mfSelector.AcceptOnlyFromAmong(RunOptions.MfSelectors);
        var gender = new Option<bool>("--gender") { Description = "Extract gender" };
        var age = new Option<bool>("--age") { Description = "Extract age" };
        var emotions = new Option<bool>("--emotions") { Description = "Extract emotions" };
        var statsInterval = new Option<int>("--stats-interval") { Description = "Output stats after every STATS_INTERVAL seconds", DefaultValueFactory = _ => RunOptions.DefaultStatsInterval, HelpName = "INTEGER" };
        var run = new Command("run", "Run upload job") { parallel, api, token, gallery, runFailed, mfSelector, gender, age, emotions, statsInterval };
        run.SetAction(parsed => GuardedAsync(async stop =>
        {
            var apiText = parsed.GetValue(api)!;
            if (!Uri.TryCreate(apiText.EndsWith('/') ? apiText : apiText + "/", UriKind.Absolute, out var apiUri) || apiUri.Scheme is not ("http" or "https"))
                throw new UsageException($"--api must be an http:// or https:// URL, not '{apiText}'.");
            return await RunCommand.RunAsync(parsed.GetValue(job)!, new RunOptions(parsed.GetValue(parallel), apiUri, parsed.GetValue(token),
                parsed.GetValue(gallery), parsed.GetValue(runFailed), parsed.GetValue(mfSelector), parsed.GetValue(gender), parsed.GetValue(age),
                parsed.GetValue(emotions), parsed.GetValue(statsInterval)), stop);
        }));

        var root = new RootCommand("findface-mass-enroll: enroll faces from images in bulk (FindFace's spec 8.5).") { job, prepare, print, run };
        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var error in parseResult.Errors)
                Console.Error.WriteLine($"Error: {error.Message}");
            Console.Error.WriteLine("Try 'findface-mass-enroll --help'.");
            return ExitCodes.BadArguments;
        }
        // Ctrl+C and SIGTERM stop a run between answers, handled below; the parser's own handling would end the process first.
        return await parseResult.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }

    private static int Guarded(Func<int> command)
    {
        try
        {
            return command();
        }
        catch (UsageException error)
        {
            Console.Error.WriteLine($"Error: {error.Message}");
            return error.ExitCode;
        }
    }

    // A run stops on the first Ctrl+C or SIGTERM (the job file is saved); a second one ends the process at once.
    private static async Task<int> GuardedAsync(Func<CancellationToken, Task<int>> command)
    {
        using var stop = new CancellationTokenSource();
        void OnSignal(PosixSignalContext context)
        {
            if (stop.IsCancellationRequested)
                return;
            context.Cancel = true;
            Console.Error.WriteLine("Stopping: the job file keeps what is done; run again to go on.");
            stop.Cancel();
        }
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        try
        {
            return await command(stop.Token);
        }
        catch (UsageException error)
        {
            Console.Error.WriteLine($"Error: {error.Message}");
            return error.ExitCode;
        }
    }
}
