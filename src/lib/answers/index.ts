// Stage 3: the user's answers, and what a project remembers of them between runs.
export { readRemembered, toRemember, type Remembered } from './remember.js';
export { collectAnswers, readAnswersFile, toPromptQuestion } from './user-answers.js';
