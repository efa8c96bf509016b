using Kith.Cli;

return await KithCommandLine.Build().Parse(args).InvokeAsync();
