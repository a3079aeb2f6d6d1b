import './zodWithoutEval.ts';
import { render } from 'preact';
import { App } from './App.tsx';

/** The server's HTML shell has this element and nothing else: the console is this script. */
const root = document.getElementById('console-root');
if (root !== null) render(<App fetch={(input, init) => window.fetch(input, init)} />, root);
