using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Index.Tests.Redis;

/// <summary>A TCP relay in front of a real Redis shard that reads its clients' commands (RESP arrays) and lets a spec act before
/// one goes on: the way to put another client's write between two commands of one client, at the same point every run.</summary>
public sealed class ShardRelay : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _shard;
    private readonly Func<IReadOnlyList<byte[]>, Task> _beforeCommand;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _sockets = [];

    /// <param name="shard">The shard's endpoint, "127.0.0.1:PORT".</param>
    /// <param name="beforeCommand">Awaited before each command of any client is passed on, with the command's words.</param>
    public ShardRelay(string shard, Func<IReadOnlyList<byte[]>, Task> beforeCommand)
    {
        _shard = IPEndPoint.Parse(shard);
        _beforeCommand = beforeCommand;
        _listener.Start();
        _ = AcceptAsync();
    }

    public string Endpoint => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>A command's word as text (a command name, a number).</summary>
    public static string Text(byte[] word) => Encoding.UTF8.GetString(word);

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_sockets)
            foreach (var socket in _sockets)
                socket.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            var server = new TcpClient();
            await server.ConnectAsync(_shard);
            lock (_sockets)
                _sockets.AddRange([client, server]);
            _ = PumpAsync(server.GetStream(), client.GetStream());
            _ = RelayCommandsAsync(client.GetStream(), server.GetStream());
        }
    }

    private async Task PumpAsync(Stream from, Stream to)
    {
        try
        {
            await from.CopyToAsync(to, _stop.Token);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    // A command is "*N\r\n" then N words, each "$LEN\r\n" and LEN bytes and "\r\n" (the only form StackExchange.Redis sends).
    private async Task RelayCommandsAsync(Stream client, Stream server)
    {
        var reader = new BufferedStream(client);
        try
        {
            while (await LineAsync(reader) is { } header)
            {
                var words = new List<byte[]>();
                for (var i = int.Parse(header[1..]); i > 0; i--)
                {
                    var word = new byte[int.Parse((await LineAsync(reader))![1..])];
                    await reader.ReadExactlyAsync(word, _stop.Token);
                    await LineAsync(reader);
                    words.Add(word);
                }
                await _beforeCommand(words);
                var command = new MemoryStream();
                command.Write(Encoding.ASCII.GetBytes($"*{words.Count}\r\n"));
                foreach (var word in words)
                {
                    command.Write(Encoding.ASCII.GetBytes($"${word.Length}\r\n"));
                    command.Write(word);
                    command.Write("\r\n"u8);
                }
                await server.WriteAsync(command.ToArray(), _stop.Token);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    private async Task<string?> LineAsync(Stream stream)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (await stream.ReadAsync(one, _stop.Token) == 1)
        {
            if (one[0] == '\n')
                return line.ToString().TrimEnd('\r');
            line.Append((char)one[0]);
        }
        return null;
    }
}
