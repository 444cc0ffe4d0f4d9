// The guest's console is its serial port on our stdio; there is no screen.
export const consoleArgs = (): string[] => ['-display', 'none', '-serial', 'stdio'];
