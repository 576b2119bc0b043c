// The floor of the start-up benchmark: a Yeoman generator that does nothing, so running it costs only what
// yeoman-environment, yeoman-generator and commander cost to load and run.
import Generator from 'yeoman-generator';

export default class EmptyGenerator extends Generator {
  nothing() {}
}
