using System.Numerics.Tensors;
using SkiaSharp;
using Vision.Detection;

namespace Vision.Tests.Embedding;

/// <summary>The settings that MODELS.md's accuracy table measured on LFW (flip averaging, eye and mouth points, box refinement,
/// template scale, sampling, an ensemble): each changes the facen, and each still tells one person's two photos from other people's.</summary>
public sealed class FacenVariant_Specs
{
    private const int People = 4;

    public static TheoryData<string, string> Variants() => new()
    {
        { "Models:FlipAverage", "true" },
        { "Alignment:Eyes", "Corners" },
        { "Alignment:Eyes", "Contour" },
        { "Alignment:RefineBox", "true" },
        { "Alignment:Scale", "0.95" },
        { "Alignment:Mouth", "Outer" },
        { "Models:Ensemble", "human-faceres" },
    };

    [SkippableTheory]
    [MemberData(nameof(Variants))]
    public async Task Should_change_the_facen_and_still_verify_the_same_person(string setting, string value)
    {
        Skip.If(LfwPhotos.Dir is null, LfwPhotos.SkipReason);
        var people = LfwPhotos.PersonsWithTwoPhotos(People);
        using var plain = new FaceEngine();
        using var variant = FaceEngine.With(new Dictionary<string, string?> { [setting] = value });
        var (before, after) = (await Facens(plain, people), await Facens(variant, people));

        for (var i = 0; i < people.Count; i++)
        {
            var same = TensorPrimitives.Dot(after[i].First, after[i].Second);
            var closestOther = after.Where((_, j) => j != i).SelectMany(o => new[] { o.First, o.Second })
                .Max(other => TensorPrimitives.Dot(after[i].First, other));
            Assert.True(same > closestOther + 0.1f, $"{people[i].Person}: same person {same}, closest other person {closestOther}");
            if (before[i].First.Length == after[i].First.Length)
                Assert.True(TensorPrimitives.Dot(before[i].First, after[i].First) < 0.9999f, $"{people[i].Person}: the facen did not change");
        }
    }

    /// <summary>LFW's faces are drawn at about their size into the aligned crop, from the full-resolution photo whatever the
    /// sampling; a large face (Grace Hopper's, about 3 times the crop) is shrunk past a mipmap level.</summary>
    [Theory]
    [InlineData("LinearMipmap")]
    [InlineData("Full")]
    [InlineData("Cubic")]
    public async Task Should_resample_a_large_face_and_keep_its_facen(string sampling)
    {
        using var plain = new FaceEngine();
        using var variant = FaceEngine.With(new Dictionary<string, string?> { ["Alignment:Sampling"] = sampling });
        var photo = Photos.Bytes("grace_hopper.jpg");

        var (before, after) = ((await plain.DescribeAsync(photo))[0].Description.Facen!, (await variant.DescribeAsync(photo))[0].Description.Facen!);
        var cosine = TensorPrimitives.Dot(before, after);

        Assert.InRange(cosine, 0.9f, 0.9999f);
    }

    [SkippableFact]
    public async Task Should_score_an_ensemble_pair_at_the_mean_of_its_two_models_cosines()
    {
        Skip.If(LfwPhotos.Dir is null, LfwPhotos.SkipReason);
        var people = LfwPhotos.PersonsWithTwoPhotos(1);
        using var first = new FaceEngine();
        using var second = FaceEngine.With(new Dictionary<string, string?> { ["Models:Facen"] = "human-faceres" });
        using var ensemble = FaceEngine.With(new Dictionary<string, string?> { ["Models:Ensemble"] = "human-faceres" });

        var (a, b, both) = ((await Facens(first, people))[0], (await Facens(second, people))[0], (await Facens(ensemble, people))[0]);

        Assert.Equal("faceplugin-facen-512+human-faceres", ensemble.Get<Vision.Embedding.FacenModel>().Name);
        Assert.Equal(a.First.Length + b.First.Length, both.First.Length);
        Assert.Equal(1f, TensorPrimitives.Norm(both.First), 1e-4f);
        Assert.Equal((TensorPrimitives.Dot(a.First, a.Second) + TensorPrimitives.Dot(b.First, b.Second)) / 2, TensorPrimitives.Dot(both.First, both.Second), 1e-4f);
    }

    [Fact]
    public void Should_refine_the_box_to_a_square_around_the_landmarks()
    {
        // Points spanning 100 px wide and 80 px high around (150, 140).
        float[] points = [100, 100, 200, 100, 150, 180, 120, 150];

        var box = LandmarkModel.AroundPoints(points);

        Assert.Equal(SKRect.Create(150 - 60, 140 - 60, 120, 120), box);
    }

    private static async Task<List<(float[] First, float[] Second)>> Facens(FaceEngine engine, IReadOnlyList<(string Person, string First, string Second)> people)
    {
        var facens = new List<(float[], float[])>();
        foreach (var (_, first, second) in people)
            facens.Add((await CentreFacen(engine, first), await CentreFacen(engine, second)));
        return facens;
    }

    /// <summary>The facen of the face nearest the centre of the 250x250 photo: LFW's subject.</summary>
    private static async Task<float[]> CentreFacen(FaceEngine engine, string path)
    {
        var faces = await engine.DescribeAsync(await File.ReadAllBytesAsync(path));
        return faces.MinBy(f => Math.Abs(f.Face.Box.Left + f.Face.Box.Right - 250) + Math.Abs(f.Face.Box.Top + f.Face.Box.Bottom - 250))!.Description.Facen!;
    }
}
