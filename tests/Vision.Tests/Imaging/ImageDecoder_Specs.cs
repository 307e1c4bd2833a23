using SkiaSharp;
using Vision.Imaging;

namespace Vision.Tests.Imaging;

public sealed class ImageDecoder_Specs
{
    private readonly ImageDecoder _decoder = new(new ImageLimits());

    [Fact]
    public void Should_decode_jpeg_png_and_webp()
    {
        using var jpeg = _decoder.Decode(Photos.Bytes("grace_hopper.jpg"));
        using var png = _decoder.Decode(Photos.Bytes("astronaut.png"));
        using var source = SKBitmap.Decode(Photos.Bytes("grace_hopper.jpg"));
        using var webpData = source.Encode(SKEncodedImageFormat.Webp, 90);
        using var webp = _decoder.Decode(webpData.ToArray());

        Assert.Equal((512, 600), (jpeg.Width, jpeg.Height));
        Assert.Equal((512, 512), (png.Width, png.Height));
        Assert.Equal((512, 600), (webp.Width, webp.Height));
        Assert.Equal(1, jpeg.Orientation);
    }

    [Fact]
    public void Should_turn_an_exif_rotated_photo_upright_and_report_its_orientation()
    {
        var photo = Photos.Bytes("grace_hopper.jpg");
        using var rotated = _decoder.Decode(PhotoEdits.StoredSidewaysWithExif(photo));

        Assert.Equal(6, rotated.Orientation);
        Assert.Equal((512, 600), (rotated.Width, rotated.Height));
    }

    public static TheoryData<string, string> Rejected => new()
    {
        { "empty", ImageRejectedException.DecodingFailed },
        { "text", ImageRejectedException.DecodingFailed },
        { "gif", ImageRejectedException.DecodingFailed },
        { "truncated jpeg", ImageRejectedException.DecodingFailed },
        { "png claiming 50000x50000", ImageRejectedException.TooLarge },
        { "12 MB", ImageRejectedException.TooLarge },
    };

    [Theory]
    [MemberData(nameof(Rejected))]
    public void Should_reject_what_is_not_a_usable_photo(string what, string code)
    {
        var rejected = Assert.Throws<ImageRejectedException>(() => _decoder.Decode(HostileImages.Named(what)));

        Assert.True(rejected.Code == code, $"{what}: {rejected.Code} {rejected.Message}");
        Assert.False(string.IsNullOrWhiteSpace(rejected.Message));
    }
}
