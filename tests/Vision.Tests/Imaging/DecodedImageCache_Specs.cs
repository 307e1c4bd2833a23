using Contracts.Images;
using Vision.Imaging;

namespace Vision.Tests.Imaging;

/// <summary>The decoded photos the detect and embed stages of one process share, on real photos.</summary>
public sealed class DecodedImageCache_Specs
{
    private readonly Dictionary<ImageRef, byte[]> _claims = [];
    private readonly DecodedImageCache _cache = new(new ImageDecoder(new ImageLimits()));

    [Fact]
    public async Task Should_decode_each_photo_of_many_calls_in_flight_once()
    {
        // Sixteen enrollments in flight (mass-enroll --parallel 16) of a 512x600 photo each: 1.2 MB decoded apiece.
        var photos = Put(Enumerable.Range(0, 16).Select(i => PhotoEdits.Reencode(Photos.Bytes("grace_hopper.jpg"), 80 + i)));

        var detected = new List<DecodedImage>();
        foreach (var photo in photos)
        {
            using var lease = await _cache.OpenAsync(photo, ReadAsync);
            detected.Add(lease.Image);
        }
        // The embed stage opens them again once each has been detected: the same decoded pixels, not a second decode.
        foreach (var (photo, image) in photos.Zip(detected))
        {
            using var lease = await _cache.OpenAsync(photo, ReadAsync);
            Assert.Same(image, lease.Image);
        }
    }

    [Fact]
    public async Task Should_let_older_photos_go_once_their_pixels_pass_the_budget_but_keep_the_newest_whatever_its_size()
    {
        // 4,000 x 4,200 pixels: 67 MB decoded, more than the budget alone.
        var huge = PhotoEdits.Resize(Photos.Bytes("grace_hopper.jpg"), 4000f / 512);
        var photos = Put([Photos.Bytes("man1.jpg"), huge]);

        DecodedImage first, second;
        using (var lease = await _cache.OpenAsync(photos[0], ReadAsync))
            first = lease.Image;
        using (var lease = await _cache.OpenAsync(photos[1], ReadAsync))
            second = lease.Image;
        Assert.True(second.Bytes > DecodedImageCache.CapacityBytes, $"{second.Bytes} bytes");

        using (var lease = await _cache.OpenAsync(photos[1], ReadAsync))
            Assert.Same(second, lease.Image);
        using (var lease = await _cache.OpenAsync(photos[0], ReadAsync))
            Assert.NotSame(first, lease.Image);
    }

    private Task<byte[]> ReadAsync(ImageRef image, CancellationToken cancellationToken) => Task.FromResult(_claims[image]);

    private IReadOnlyList<ImageRef> Put(IEnumerable<byte[]> photos)
    {
        var refs = new List<ImageRef>();
        foreach (var photo in photos)
        {
            var image = new ImageRef(Guid.NewGuid().ToString("N"));
            _claims[image] = photo;
            refs.Add(image);
        }
        return refs;
    }
}
