using Calibration;
using Calibration.Lfw;
using TestSupport;

// extract <data dir> <faces.json> <crops dir>: every face of the photos under data dir (one folder per source package)
//   with its facen and the cosines to its edited copies.
// accuracy lfw <lfw dir> [--variant NAME] [--folds K] [--shrink F] [--summary FILE]: LFW verification accuracy, TAR at FAR and the cosines at the
//   presets' false accept rates over every impostor pair, through the real extraction path (facens cached by photo hash).
// gallery lfw <lfw dir> <output>: the facens of every LFW photo and of two edited copies of each, for the cluster's mated-face
//   recall (tests/Benchmarks -- redis-index real=FILE).
// identify lfw <lfw dir> --api URL --token TOKEN [--parallel N] [--bbox JSON]: 1:N identification through a running server's HTTP API
//   (enroll one photo per person, identify the others), beside the engine path's figures of accuracy lfw.
// calibrate <faces.json> <same-people.tsv> <summary.json>: impostor and genuine cosines and the cosine at each FAR.
switch (args)
{
    case ["extract", var dataDir, var output, var crops]:
    {
        Directory.CreateDirectory(crops);
        using var engine = new FaceEngine();
        var extraction = new FaceExtraction(engine, crops);
        var faces = new List<CalibrationFace>();
        foreach (var sourceDir in Directory.GetDirectories(dataDir).Order())
        foreach (var path in Directory.GetFiles(sourceDir).Order())
        {
            var source = Path.GetFileName(sourceDir);
            var found = await extraction.ExtractAsync(path, source);
            Console.WriteLine($"{found.Count,3} faces  {source} {path}");
            faces.AddRange(found);
        }
        FaceExtraction.Save(output, faces);
        Console.WriteLine($"{faces.Count} faces -> {output}");
        return 0;
    }
    case ["calibrate", var facesPath, var samePeople, var output]:
    {
        var summary = CosineCalibration.Run(FaceExtraction.Load(facesPath), SamePeople.Read(samePeople));
        File.WriteAllText(output, System.Text.Json.JsonSerializer.Serialize(summary, Json.Options));
        Console.WriteLine(File.ReadAllText(output));
        return 0;
    }
    case ["gallery", "lfw", var lfwDir, var output]:
    {
        using var engine = new FaceEngine();
        var key = engine.Models.Manifest.Named(engine.Get<Vision.Embedding.FacenModel>().Name).Name
                  + (engine.Models.Options.FlipAverage ? "-flip" : "");
        var cacheFile = Path.Combine(Path.GetDirectoryName(Vision.Models.ModelOptions.DefaultDir)!, "lfw", key + ".facens");
        Console.WriteLine($"LFW {lfwDir}: engine {key}, cache {cacheFile}");
        return await LfwGallery.RunAsync(new LfwFacens(engine, cacheFile), LfwSet.Read(lfwDir), output, Console.Out);
    }
    case ["identify", "lfw", var lfwDir, .. var options] when Option(options, "--api") is { } api && Option(options, "--token") is { } token:
        return await LfwApiIdentification.RunAsync(lfwDir, new Uri(api), token,
            Option(options, "--parallel") is { } parallel ? int.Parse(parallel) : 4, Option(options, "--bbox"), Console.Out);
    case ["accuracy", "lfw", var lfwDir, .. var options]:
        return await LfwReport.RunAsync(lfwDir, Option(options, "--variant") ?? "",
            Option(options, "--folds") is { } folds ? int.Parse(folds) : null,
            Option(options, "--shrink") is { } shrink ? float.Parse(shrink, System.Globalization.CultureInfo.InvariantCulture) : null,
            Option(options, "--summary"), Console.Out);
    default:
        Console.Error.WriteLine("usage: Calibration extract <data dir> <faces.json> <crops dir> | calibrate <faces.json> <same-people.tsv> <summary.json> | " +
            "accuracy lfw <lfw dir> [--variant NAME] [--folds K] [--shrink F] [--summary FILE] | gallery lfw <lfw dir> <output> | " +
            "identify lfw <lfw dir> --api URL --token TOKEN [--parallel N] [--bbox JSON]");
        return 2;
}

static string? Option(string[] options, string name) =>
    options.SkipWhile(o => o != name).Skip(1).FirstOrDefault();
