using System.Numerics.Tensors;
using Contracts.Embedding;
using Vision.Alignment;

namespace Vision.Tests.Embedding;

[Collection(FaceEngineCollection.Name)]
public sealed class Facen_Specs(FaceEngine engine)
{
    /// <summary>Cosine above which two facens are taken for one person (MODELS.md: the measurements behind it).</summary>
    private const float SamePerson = 0.5f;

    public static TheoryData<string, string> Edits()
    {
        var data = new TheoryData<string, string>();
        foreach (var photo in new[] { "astronaut.png", "grace_hopper.jpg", "man2.jpg", "sample1.jpg" })
        foreach (var edit in new[] { "half size", "jpeg quality 40", "crop", "brighter", "shifted" })
            data.Add(photo, edit);
        return data;
    }

    [Theory]
    [MemberData(nameof(Edits))]
    public async Task Should_match_a_face_with_itself_after_an_edit(string photo, string edit)
    {
        var original = Photos.Bytes(photo);
        var edited = edit switch
        {
            "half size" => PhotoEdits.Resize(original, 0.5f),
            "jpeg quality 40" => PhotoEdits.Reencode(original, 40),
            "crop" => PhotoEdits.Crop(original, 0.1f),
            "brighter" => PhotoEdits.Brighten(original, 1.3f, 0.08f),
            _ => PhotoEdits.ShiftRight(original, 60),
        };
        var reference = (await engine.DescribeAsync(original))[0].Description.Facen!;

        var best = (await engine.DescribeAsync(edited)).Max(f => TensorPrimitives.Dot(reference, f.Description.Facen!));

        Assert.True(best >= SamePerson + 0.3f, $"{photo} {edit}: cosine {best}");
    }

    [Fact]
    public async Task Should_keep_different_people_well_below_the_same_person_threshold()
    {
        // One face per person: portraits, the three men of faces.jpg, and the group photos of other people.
        var people = new List<(string Who, float[] Facen)>();
        foreach (var photo in new[] { "astronaut.png", "grace_hopper.jpg", "man1.jpg", "man2.jpg", "messi5.jpg", "faces.jpg", "sample4.jpg", "sample5.jpg" })
        foreach (var (face, description) in await engine.DescribeAsync(Photos.Bytes(photo)))
            people.Add(($"{photo} {face.Box}", description.Facen!));

        var pairs = people.SelectMany((a, i) => people.Skip(i + 1).Select(b => (a.Who, b.Who, Cosine: TensorPrimitives.Dot(a.Facen, b.Facen))));
        var closest = pairs.MaxBy(p => p.Cosine);

        Assert.True(people.Count == 17, $"only {people.Count} faces");
        Assert.True(closest.Cosine < SamePerson - 0.1f, $"{closest.Item1} ~ {closest.Item2}: {closest.Cosine}");
    }

    [Fact]
    public async Task Should_make_unit_length_facens_named_after_their_model()
    {
        var description = (await engine.DescribeAsync(Photos.Bytes("man2.jpg")))[0].Description;

        Assert.Equal(512, description.Facen!.Length);
        Assert.Equal(1f, TensorPrimitives.Norm(description.Facen), 1e-4f);
        Assert.Equal(engine.Models.Manifest.For("facen").Name, description.FacenModel);
    }

    [Fact]
    public async Task Should_give_a_prenormalized_face_the_facen_of_the_photo_it_came_from()
    {
        var photo = Photos.Bytes("grace_hopper.jpg");
        var (_, described) = (await engine.DescribeAsync(photo, FaceAttributes.Facen | FaceAttributes.Normalized))[0];
        var normalized = described.Normalized!;

        var again = Assert.Single(await engine.DescribeAsync(normalized, FaceAttributes.Facen, Contracts.Detection.Detectors.Prenormalized));

        Assert.True(TensorPrimitives.Dot(described.Facen!, again.Description.Facen!) > 0.98f);
    }

    [Fact]
    public async Task Should_give_the_same_facens_in_one_batch_as_one_by_one()
    {
        var model = engine.Models.For("facen");
        var inputs = new List<float[]>();
        foreach (var photo in new[] { "sample4.jpg", "sample5.jpg" })
        {
            using var image = engine.Decoder.Decode(Photos.Bytes(photo));
            foreach (var face in await engine.Detection.FindAsync(image, null, Contracts.Detection.Detectors.Nnd))
            {
                using var aligned = FaceAligner.Align(image, face.Landmarks);
                inputs.Add(Vision.Models.InputTensor.From(aligned, model.Spec.Input));
            }
        }

        var batched = model.RunBatch(inputs);
        var single = inputs.Select(i => model.RunBatch([i])[0]).ToList();

        Assert.Equal(9, inputs.Count);
        for (var i = 0; i < inputs.Count; i++)
            Assert.True(TensorPrimitives.Distance(batched[i][0], single[i][0]) < 1e-3f, $"face {i}");
    }
}
