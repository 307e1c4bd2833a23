using Contracts.Detection;
using Contracts.Images;

namespace Vision.Tests.Detection;

[Collection(FaceEngineCollection.Name)]
public sealed class FaceDetection_Specs(FaceEngine engine)
{
    public static TheoryData<string> GroupPhotos => [.. Photos.GroupPhotos.Keys];

    [Theory]
    [MemberData(nameof(GroupPhotos))]
    public async Task Should_find_every_face_of_the_group_photos_and_nothing_else(string photo)
    {
        var faces = await engine.DetectAsync(Photos.Bytes(photo));

        Assert.Equal(Photos.GroupPhotos[photo], faces.Count);
        Assert.All(faces, f => Assert.InRange(f.Score, 0.9f, 1f));
    }

    [Fact]
    public async Task Should_find_the_small_face_in_messi5()
    {
        var face = Assert.Single(await engine.DetectAsync(Photos.Bytes("messi5.jpg")));

        Assert.InRange(face.Box.Width, 30, 45);
        Assert.InRange((face.Box.Left + face.Box.Right) / 2, 230, 252);
        Assert.InRange((face.Box.Top + face.Box.Bottom) / 2, 100, 122);
    }

    [Theory]
    [InlineData(50)]
    [InlineData(36)]
    public async Task Should_find_a_face_of_the_spec_minimum_size_and_smaller_in_a_large_photo(int side)
    {
        // Grace Hopper's face is 201 px wide in her portrait; shrunk onto a 1920x1080 frame it is `side` px.
        var photo = PhotoEdits.PlaceOnCanvas(Photos.Bytes("grace_hopper.jpg"), side / 201f, 1920, 1080, 1200, 700);

        var face = Assert.Single(await engine.DetectAsync(photo));

        Assert.InRange(face.Box.Width, side * 0.8, side * 1.25);
    }

    public static TheoryData<string> WithoutFaces => [.. Photos.WithoutFaces];

    [Theory]
    [MemberData(nameof(WithoutFaces))]
    public async Task Should_find_no_face_on_a_photo_without_faces(string photo) =>
        Assert.Empty(await engine.DetectAsync(Photos.Bytes(photo)));

    [Fact]
    public async Task Should_search_only_inside_the_roi()
    {
        var photo = Photos.Bytes("sample1.jpg");
        var all = await engine.DetectAsync(photo);
        var leftmost = all.MinBy(f => f.Box.Left)!;

        var inRoi = await engine.DetectAsync(photo, roi: new Box(-100, -100, leftmost.Box.Right + 40, 5000));

        var face = Assert.Single(inRoi);
        Assert.InRange(face.Box.Left, leftmost.Box.Left - 4, leftmost.Box.Left + 4);
    }

    [Fact]
    public async Task Should_find_nothing_in_an_roi_outside_the_image() =>
        Assert.Empty(await engine.DetectAsync(Photos.Bytes("sample1.jpg"), roi: new Box(5000, 5000, 6000, 6000)));

    [Theory]
    [InlineData("grace_hopper.jpg")]
    [InlineData("sample5.jpg")]
    public async Task Should_find_the_same_faces_in_an_exif_rotated_copy(string photo)
    {
        var upright = await engine.DetectAsync(Photos.Bytes(photo));
        var rotated = await engine.DetectAsync(PhotoEdits.StoredSidewaysWithExif(Photos.Bytes(photo)));

        Assert.Equal(upright.Count, rotated.Count);
        foreach (var face in upright)
        {
            var twin = rotated.MinBy(r => Math.Abs(r.Box.Left - face.Box.Left) + Math.Abs(r.Box.Top - face.Box.Top))!;
            var tolerance = face.Box.Width / 10;
            Assert.InRange(twin.Box.Left, face.Box.Left - tolerance, face.Box.Left + tolerance);
            Assert.InRange(twin.Box.Bottom, face.Box.Bottom - tolerance, face.Box.Bottom + tolerance);
        }
    }

    [Fact]
    public async Task Should_place_five_landmarks_where_eyes_nose_and_mouth_are()
    {
        var face = Assert.Single(await engine.DetectAsync(Photos.Bytes("grace_hopper.jpg")));
        var p = face.Landmarks;

        Assert.Equal(10, p.Length);
        Assert.True(p[0] < p[2], "left eye is left of right eye");
        Assert.True(p[6] < p[8], "left mouth corner is left of right one");
        Assert.True(Math.Max(p[1], p[3]) < p[5] && p[5] < Math.Min(p[7], p[9]), "eyes above nose above mouth");
        for (var i = 0; i < 10; i += 2)
        {
            Assert.InRange(p[i], face.Box.Left, face.Box.Right);
            Assert.InRange(p[i + 1], face.Box.Top, face.Box.Bottom);
        }
    }

    [Fact]
    public async Task Should_take_a_prenormalized_image_as_one_face()
    {
        var face = Assert.Single(await engine.DetectAsync(Photos.Bytes("man2.jpg"), Detectors.Prenormalized));

        Assert.Equal(new Box(0, 0, 434, 434), face.Box);
    }
}
