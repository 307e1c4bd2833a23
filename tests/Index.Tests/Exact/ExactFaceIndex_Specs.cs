using System.Runtime.Intrinsics.X86;
using Workers.Index;
using Workers.Index.Exact;

namespace Index.Tests.Exact;

public sealed class ExactFaceIndex_Specs : FaceIndexContract
{
    protected override IFaceIndex CreateIndex() => new ExactFaceIndex();

    [Fact]
    public unsafe void Should_compute_the_integer_dot_product_with_every_kernel_this_cpu_has()
    {
        var random = new Random(5);
        const int stride = 512 + FacenKernel.BlockBytes;
        // Random values, then the extremes: a pair of products at 2 * 127 * 127 is where pmaddubsw would saturate.
        var rows = Enumerable.Range(0, 4).Select(r => Enumerable.Range(0, stride)
            .Select(k => (sbyte)(r == 3 ? (k % 2 == 0 ? 127 : -127) : random.Next(-127, 128))).ToArray()).ToArray();
        var query = Enumerable.Range(0, stride).Select(k => (sbyte)(k < 64 ? (k % 2 == 0 ? 127 : -127) : random.Next(-127, 128))).ToArray();
        var magnitudes = query.Select(q => (byte)Math.Abs(q)).ToArray();

        fixed (sbyte* q = query)
        fixed (byte* m = magnitudes)
            foreach (var values in rows)
                fixed (sbyte* row = values)
                {
                    var expected = values.Zip(query, (x, y) => x * y).Sum();
                    Assert.Equal(expected, FacenKernel.DotPortable(q, row, stride));
                    Assert.Equal(expected, FacenKernel.Dot(m, q, row, stride));
                    if (Avx2.IsSupported)
                        Assert.Equal(expected, FacenKernel.DotAvx2(m, q, row, stride));
                    if (AvxVnni.IsSupported)
                        Assert.Equal(expected, FacenKernel.DotVnni(m, q, row, stride));
                }
    }

    [Fact]
    public async Task Should_keep_no_facen_file_where_another_process_could_read_it()
    {
        var folder = Directory.CreateTempSubdirectory("facepipe-exact-").FullName;
        try
        {
            using var index = new ExactFaceIndex(folder);
            var facens = new Facens(512);
            await index.AddAsync([.. Enumerable.Range(1, 100).Select(id => new IndexedFacen(id, facens.Next(), []))]);

            Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
            Assert.Equal(100, (await index.SearchAsync([facens.Next()], "default", 1_000, -1))[0].Count);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
