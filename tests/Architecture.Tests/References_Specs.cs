using System.Reflection;
using System.Runtime.CompilerServices;
using NetArchTest.Rules;

namespace Architecture.Tests;

/// <summary>
/// The allowed references between the projects, read from their compiled assemblies (what the code uses, not what a csproj
/// lists): a new reference that crosses a boundary fails here, and the table says where the boundaries are.
/// </summary>
public sealed class References_Specs
{
    private static readonly Assembly Contracts = typeof(Contracts.Index.GalleryNames).Assembly;
    private static readonly Assembly Hosting = typeof(Hosting.Deployment).Assembly;
    private static readonly Assembly Security = typeof(Security.Cameras.CameraUrlPolicy).Assembly;
    private static readonly Assembly ClaimCheck = typeof(ClaimCheck.IImageStore).Assembly;
    private static readonly Assembly Vision = typeof(Vision.VisionRegistration).Assembly;
    private static readonly Assembly Gateway = typeof(Program).Assembly;
    private static readonly Assembly Detect = typeof(Workers.Detect.DetectRegistration).Assembly;
    private static readonly Assembly Embed = typeof(Workers.Embed.EmbedRegistration).Assembly;
    private static readonly Assembly Index = typeof(Workers.Index.IndexRegistration).Assembly;
    private static readonly Assembly Video = typeof(Workers.Video.VideoRegistration).Assembly;
    private static readonly Assembly MassEnroll = Assembly.Load("findface-mass-enroll");

    private static readonly Assembly[] Ours = [Contracts, Hosting, Security, ClaimCheck, Vision, Gateway, Detect, Embed, Index, Video, MassEnroll];

    /// <summary>Which of our projects each may use. Contracts, Hosting and Security stand alone; the claim check speaks of the
    /// messages' images and starts with the process; the face engine (Vision) knows only the messages' records, not how it is
    /// hosted nor where images wait between stages; an index worker never loads the face engine nor holds claims; the gateway
    /// hosts every stage in Standalone; the bulk enrollment tool speaks only HTTP.</summary>
    public static TheoryData<string, string[]> Allowed => new()
    {
        { Name(Contracts), [] },
        { Name(Hosting), [] },
        { Name(Security), [] },
        { Name(ClaimCheck), [Name(Contracts), Name(Hosting)] },
        { Name(Vision), [Name(Contracts)] },
        { Name(Detect), [Name(Contracts), Name(Hosting), Name(ClaimCheck), Name(Vision)] },
        { Name(Embed), [Name(Contracts), Name(Hosting), Name(ClaimCheck), Name(Vision)] },
        { Name(Index), [Name(Contracts), Name(Hosting)] },
        { Name(Video), [Name(Contracts), Name(Hosting), Name(Security), Name(ClaimCheck), Name(Vision)] },
        { Name(Gateway), [Name(Contracts), Name(Hosting), Name(Security), Name(ClaimCheck), Name(Vision), Name(Detect), Name(Embed), Name(Index)] },
        { Name(MassEnroll), [] },
    };

    /// <summary>The libraries the face engine may use beside .NET's own: ONNX Runtime and SkiaSharp for its work, and the
    /// Microsoft.Extensions abstractions by which a host registers it, configures it, and asks whether its models are loaded.
    /// Not ASP.NET Core, MassTransit or any of our hosting: a process that runs the engine brings those.</summary>
    private static readonly string[] EngineLibraries = ["Microsoft.ML.OnnxRuntime", "SkiaSharp", "Microsoft.Extensions."];

    [Theory]
    [MemberData(nameof(Allowed))]
    public void Should_reference_only_the_projects_its_place_allows(string project, string[] allowed)
    {
        var assembly = Ours.Single(a => Name(a) == project);
        var used = assembly.GetReferencedAssemblies().Select(reference => reference.Name!).Where(IsOurs);

        Assert.Empty(used.Except(allowed).Order());
    }

    [Fact]
    public void Should_keep_the_contracts_free_of_any_package()
    {
        var packages = Contracts.GetReferencedAssemblies().Select(reference => reference.Name!)
            .Where(name => !name.StartsWith("System", StringComparison.Ordinal));

        Assert.Empty(packages);
    }

    [Fact]
    public void Should_show_internals_only_to_test_projects()
    {
        var shown = Ours.SelectMany(assembly => assembly.GetCustomAttributes<InternalsVisibleToAttribute>()
            .Select(attribute => $"{Name(assembly)} -> {attribute.AssemblyName}"));

        Assert.All(shown, grant => Assert.Matches(@" -> [\w.]+\.(Tests|FunctionalTests)$", grant));
    }

    [Fact]
    public void Should_host_the_detect_and_embed_stages_in_the_gateway_only_from_its_composition_root()
    {
        var users = Types.InAssembly(Gateway).That().HaveDependencyOnAny("Workers.Detect", "Workers.Embed").GetTypes()
            .Select(type => type.FullName!);

        Assert.All(users, user => Assert.StartsWith("Program", user));
    }

    [Fact]
    public void Should_use_only_the_public_face_of_the_index_in_the_gateway()
    {
        // IFaceIndex and its registration (Workers.Index), the store's side of warm-up (Workers.Index.Warmup) and the operator's
        // work on the shards (Workers.Index.Maintenance: check-index's wrong-shard repair, reshard); every other namespace (how an
        // index is kept, exact or Redis, its consumers, health and cluster checks, and any added later) is the index worker's own.
        string[] face = ["Workers.Index", "Workers.Index.Warmup", "Workers.Index.Maintenance"];
        var inner = Index.GetTypes().Select(type => type.Namespace).OfType<string>().Distinct().Except(face).ToArray();
        var users = Types.InAssembly(Gateway).That().HaveDependencyOnAny(inner).GetTypes();

        Assert.Equal([], users.Select(type => type.FullName!));
    }

    [Fact]
    public void Should_keep_the_face_engine_to_engine_libraries()
    {
        var others = Vision.GetReferencedAssemblies().Select(reference => reference.Name!)
            .Where(name => !IsDotNet(name) && !IsOurs(name) && !EngineLibraries.Any(library => name.StartsWith(library, StringComparison.Ordinal)));

        Assert.Empty(others.Order());
    }

    [Fact]
    public void Should_keep_the_bus_and_the_hosts_out_of_the_face_engine()
    {
        // Its compiled references say what it calls; this says no type even mentions them (an attribute, a generic argument).
        var users = Types.InAssembly(Vision).That().HaveDependencyOnAny("MassTransit", "Microsoft.AspNetCore", "Hosting", "ClaimCheck")
            .GetTypes().Select(type => type.FullName!);

        Assert.Empty(users);
    }

    private static string Name(Assembly assembly) => assembly.GetName().Name!;

    private static bool IsOurs(string name) => Ours.Any(assembly => Name(assembly) == name);

    private static bool IsDotNet(string name) => name is "netstandard" or "mscorlib" || name.StartsWith("System", StringComparison.Ordinal);
}
