using FromScratch.Lab;

// The `lab` command. Run it through the wrappers at the repository root: ./lab, lab.cmd, lab.ps1.
return LabCli.Run(args, LabContext.ForConsole());
