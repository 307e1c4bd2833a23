using Contracts.Embedding;
using SkiaSharp;
using Vision.Embedding;

namespace Vision.Tests.Attributes;

[Collection(FaceEngineCollection.Name)]
public sealed class FaceAttribute_Specs(FaceEngine engine)
{
    public static TheoryData<string> Portraits => [.. Photos.Portraits.Keys];

    [Theory]
    [MemberData(nameof(Portraits))]
    public async Task Should_tell_the_gender_of_a_portrait(string photo)
    {
        var (_, description) = (await engine.DescribeAsync(Photos.Bytes(photo), FaceAttributes.Gender))[0];

        Assert.Equal(Photos.Portraits[photo], description.Gender!.Gender);
        Assert.InRange(description.Gender.Score, 0.5f, 1f);
    }

    [Fact]
    public async Task Should_tell_the_gender_of_all_30_labelled_faces()
    {
        var wrong = new List<string>();
        var total = 0;
        foreach (var (photo, gender) in Photos.GenderOfAllFaces)
        foreach (var (face, description) in await engine.DescribeAsync(Photos.Bytes(photo), FaceAttributes.Gender))
        {
            total++;
            if (description.Gender!.Gender != gender)
                wrong.Add($"{photo} {face.Box}");
        }

        Assert.Equal(30, total);
        Assert.Empty(wrong);
    }

    [Theory]
    [MemberData(nameof(Portraits))]
    public async Task Should_estimate_an_adult_age_for_a_portrait(string photo)
    {
        var (_, description) = (await engine.DescribeAsync(Photos.Bytes(photo), FaceAttributes.Age))[0];

        Assert.InRange(description.Age!.Value, 20f, 100f);
    }

    [Fact]
    public async Task Should_estimate_grace_hopper_older_than_the_other_portraits_by_20_years()
    {
        async Task<float> AgeOf(string photo) =>
            (await engine.DescribeAsync(Photos.Bytes(photo), FaceAttributes.Age))[0].Description.Age!.Value;

        var old = await AgeOf("grace_hopper.jpg");
        foreach (var photo in Photos.Portraits.Keys.Where(p => p != "grace_hopper.jpg"))
            Assert.True(old >= await AgeOf(photo) + 20, $"grace_hopper {old} against {photo}");
    }

    [Fact]
    public async Task Should_give_every_emotion_most_likely_first()
    {
        var (_, description) = (await engine.DescribeAsync(Photos.Bytes("man2.jpg"), FaceAttributes.Emotions))[0];
        var emotions = description.Emotions!;

        Assert.Equal(["angry", "disgust", "fear", "happy", "neutral", "sad", "surprise"], emotions.Select(e => e.Emotion).Order());
        Assert.Equal(emotions.OrderByDescending(e => e.Score), emotions);
        Assert.Equal(1f, emotions.Sum(e => e.Score), 1e-3f);
    }

    [Fact]
    public async Task Should_store_the_normalized_face_and_a_thumbnail_and_nothing_unasked()
    {
        var (_, description) = (await engine.DescribeAsync(Photos.Bytes("grace_hopper.jpg"), FaceAttributes.Normalized | FaceAttributes.Thumbnail))[0];

        using var normalized = SKBitmap.Decode(description.Normalized);
        using var thumbnail = SKCodec.Create(new MemoryStream(description.Thumbnail!));
        Assert.Equal((112, 112), (normalized.Width, normalized.Height));
        Assert.Equal(SKEncodedImageFormat.Jpeg, thumbnail.EncodedFormat);
        Assert.Equal(FaceDescriber.ThumbnailSize, thumbnail.Info.Width);
        Assert.Null(description.Facen);
        Assert.Null(description.Gender);
        Assert.Null(description.Emotions);
    }
}
