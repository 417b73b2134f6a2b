using FromScratch.Core;
using FromScratch.Server;

// Reads commands from stdin, one a line, and prints the server's answers.
var server = new KeyValueServer(new KeyValueLog());
while (Console.ReadLine() is { } line)
{
    Console.WriteLine(server.Handle(line));
}
