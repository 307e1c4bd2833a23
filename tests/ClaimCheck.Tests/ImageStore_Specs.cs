using ClaimCheck;

namespace ClaimCheck.Tests;

public sealed class ImageStore_Specs : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("facepipe-claims-");

    [Fact]
    public async Task Should_leave_one_file_when_a_redelivered_stage_writes_its_derived_images_again()
    {
        var store = new FileImageStore(_folder.FullName);
        var photo = await store.PutNewAsync(new byte[] { 1, 2, 3 }, CancellationToken.None);

        // A stage that died after writing, then ran again on the redelivered message.
        var first = FaceImageKeys.For(photo, 0);
        await store.PutAsync(first.Normalized, new byte[] { 4 });
        var again = FaceImageKeys.For(photo, 0);
        await store.PutAsync(again.Normalized, new byte[] { 5 });

        Assert.Equal(first, again);
        Assert.NotEqual(first.Normalized, FaceImageKeys.For(photo, 1).Normalized);
        Assert.NotEqual(first.Normalized, first.Thumbnail);
        Assert.Equal(new byte[] { 5 }, await store.GetAsync(again.Normalized));
        Assert.Equal(2, _folder.GetFiles().Length);

        await store.DeleteAllAsync([photo, again.Normalized], Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        Assert.Empty(_folder.GetFiles());
    }

    [Fact]
    public async Task Should_sweep_claims_and_part_files_older_than_the_age_and_keep_the_rest()
    {
        var store = new FileImageStore(_folder.FullName);
        var fresh = await store.PutNewAsync(new byte[] { 1 }, CancellationToken.None);
        var stale = await store.PutNewAsync(new byte[] { 2 }, CancellationToken.None);
        var part = Path.Combine(_folder.FullName, ImageKeys.New().Key + ".part");
        await File.WriteAllBytesAsync(part, [3]);
        var anHourAgo = DateTime.UtcNow.AddHours(-1);
        File.SetLastWriteTimeUtc(Path.Combine(_folder.FullName, stale.Key), anHourAgo);
        File.SetLastWriteTimeUtc(part, anHourAgo);

        Assert.Equal(2, await store.SweepAsync(TimeSpan.FromMinutes(10)));

        Assert.Equal(new byte[] { 1 }, await store.GetAsync(fresh));
        await Assert.ThrowsAsync<FileNotFoundException>(() => store.GetAsync(stale));
        Assert.Single(_folder.GetFiles());
    }

    [Fact]
    public async Task Should_sweep_a_memory_store_by_age_too()
    {
        var store = new MemoryImageStore();
        var image = await store.PutNewAsync(new byte[] { 1 }, CancellationToken.None);

        Assert.Equal(0, await store.SweepAsync(TimeSpan.FromMinutes(10)));
        Assert.Equal(new byte[] { 1 }, await store.GetAsync(image));
        await Task.Delay(20);
        Assert.Equal(1, await store.SweepAsync(TimeSpan.FromMilliseconds(1)));
        await Assert.ThrowsAsync<FileNotFoundException>(() => store.GetAsync(image));
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("")]
    public async Task Should_refuse_keys_it_does_not_make(string key)
    {
        var store = new FileImageStore(_folder.FullName);
        await Assert.ThrowsAsync<FileNotFoundException>(() => store.GetAsync(new Contracts.Images.ImageRef(key)));
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
