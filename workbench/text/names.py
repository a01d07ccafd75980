"""First names and their usual gender, for telling a person's name from a capitalised noun pair and for
checking that "er"/"she" or "die Sprecherin" can refer to a person.

Pure data and two small functions. The lists are written for this project: common given names in German,
English, French, Italian, Spanish and Portuguese, Dutch, Scandinavian, Slavic, Turkish and Arabic news
coverage. A name missing from them is "unknown", never evidence against a person; a name used for both
genders (Kim, Andrea, Robin) is in neither list.
"""

from __future__ import annotations

_MALE = """
Aaron Abdul Abdullah Adam Adrian Ahmad Ahmed Ahmet Alain Alan Albert Alberto Alec Alejandro Alessandro
Alexander Alexandre Alexei Alexej Alfons Alfred Ali Alistair Amir Anders Andreas Andrei Andrej Andrew Andrzej
Angelo Anthony Antoine Anton Antonio Antony Armin Arnaud Arne Arnold Arthur Artur Axel Ayman Bart Bastian
Ben Benedikt Benjamin Benoît Bernard Bernd Bernhard Bert Bill Björn Bob Bodo Bogdan Boris Boyd Brad Bradley
Brandon Brendan Brent Brett Brian Bruce Bruno Bryan Burkhard Calvin Carl Carlo Carlos Carsten Cedric Cem
Charles Charlie Chris Christian Christoph Christophe Christopher Chuck Claude Claus Clemens Colin Conrad
Constantin Craig Cristian Curt Cyril Dale Damian Dan Daniel Danny Dario Darren Dave David Dean Denis Dennis
Derek Detlef Dick Diego Dieter Dietmar Dietrich Dimitri Dirk Dmitri Dmitrij Dmitry Dominic Dominik Don Donald
Doug Douglas Duncan Dustin Dwight Eberhard Ed Eddie Edgar Eduard Eduardo Edward Egon Ekkehard Elias Elmar
Emanuel Emil Emmanuel Enrico Erhard Eric Erich Erik Ernst Erwin Esteban Étienne Eugen Fabian Fabio Falk
Farhan Felix Ferdinand Fernando Filip Florian Francesco Francis Franck Francisco François Frank Franz Fred
Frederick Friedrich Fritz Gabriel Gareth Gary Gavin Georg George Georges Gerald Gerd Gerhard Giorgio
Giovanni Giuseppe Glenn Gordon Gottfried Graham Grant Greg Gregor Gregory Guido Guillaume Günter Günther
Gustav Guy Hakan Hamid Hannes Hans Harald Harold Harry Hartmut Hasan Hassan Heiko Heiner Heinrich Heinz
Helmut Hendrik Henning Henri Henrik Henry Herbert Hermann Holger Horst Hubert Hugo Hussein Ian Igor Ilja
Ingo Ivan Jack Jacob Jacques Jakob James Jan Janusz Jason Javier Jeff Jeffrey Jens Jeremy Jerome
Jerry Jim Jimmy Joachim Joe Joel Joël Johan Johann Johannes John Jon Jonas Jonathan Jordi Jorge Jörg José
Josef Joseph Josh Joshua Juan Julian Julien Julius Jürgen Justin Kai Karl Karsten Keith Ken Kenneth Kevin
Khaled Kirill Klaus Konrad Konstantin Kurt Lars Laurent Lawrence Leo Leon Leonard Leonardo Leopold Lionel
Lorenz Lorenzo Louis Luc Luca Lucas Ludwig Luis Lukas Luke Lutz Magnus Malte Manfred Manuel Marc Marcel
Marcelo Marco Marcus Mario Mark Markus Martin Mathias Matt Matteo Matthew Matthias Mattias Maurice Max
Maximilian Mehmet Michael Michał Michel Miguel Mike Mikhail Milan Miroslav Mitch Mohamed Mohammad Mohammed
Moritz Muhammad Mustafa Nathan Neil Nicholas Nick Nicolai Nicolas Niels Nigel Nikita Niklas Nikolai
Nikolaus Nils Noah Norbert Norman Olaf Oleg Oliver Olivier Omar Oskar Otto Pablo Paolo Pascal Patrick Paul
Pavel Pedro Peer Peter Phil Philip Philipp Philippe Pierre Piotr Ralf Ralph Randy Raphael Raul Raymond Reiner
Reinhard Reinhold René Richard Rick Rob Robert Roberto Rodrigo Roger Roland Rolf Roman Ron Ronald Ronny Rudi
Rudolf Steve Dave Kyle Lance Blake Shane Duane Ole Hauke Uwe Rudy Rüdiger Rupert Russell Ryan Said Salvatore Samuel Scott Sean Sebastian Serge Sergei Sergej
Sergio Siegfried Simon Stanislav Stefan Steffen Stephan Stéphane Stephen Steve Steven Stuart Sven Svend
Theo Theodor Thierry Thomas Thorsten Till Tim Timo Timothy Tobias Todd Tom Tomas Tomasz Tommy Tony Torsten
Travis Udo Ulf Ulrich Uwe Valentin Viktor Vincent Vincenzo Vitali Vladimir Volker Walter Werner Wilhelm
William Willy Winfried Wladimir Wolfgang Xavier Yannick Yusuf Zoran
"""

_FEMALE = """
Adriana Agnes Agnieszka Aisha Alexandra Alice Alicia Alina Amanda Amelie Amy Ana Anastasia Andrea-Maria
Angela Angelika Anja Anke Anna Annalena Anne Annegret Annette Antje Antonia Ariane Astrid Aylin Barbara
Beate Beatrice Bettina Bianca Birgit Brigitte Britta Camille Carla Carmen Carolin Caroline Catherine Cathy
Cecilia Charlotte Chiara Christa Christiane Christina Christine Claire Clara Claudia Cornelia Dagmar Dana
Daniela Diana Doris Dorothea Edith Elena Elisabeth Elise Elke Ella Ellen Elżbieta Emily Emma Erika Esther
Eva Evelyn Fatima Franziska Frauke Gabriele Gabriela Gaby Gerda Gisela Gudrun Hanna Hannah Hedwig
Heide Heidi Heike Helen Helena Helene Helga Hildegard Ilse Ines Inge Ingrid Irene Iris Isabel Isabella
Isabelle Ivana Jana Jane Janet Janina Jennifer Jessica Jill Johanna Josephine Judith Julia Julie Juliane
Jutta Karin Karina Katarina Katarzyna Katharina Kathrin Katja Katrin Kerstin Kim-Lea Kirsten Klara Kristina
Larissa Laura Lea Lena Leonie Lina Linda Lisa Liz Lorena Lotte Louise Lucia Luise Luz Lydia Magdalena Maja
Manuela Margaret Margarete Margit Maria Marianne Marie Marina Marion Marta Martha Martina Mary Maryam
Melanie Mercedes Meryl Michaela Michelle Miriam Monika Nadine Nadja Nancy Natalia Natalie Nathalie Nicole
Nina Olga Patricia Paula Petra Pia Rachel Regina Renate Ricarda Rita Rosa Rosemarie Ruth Sabine Sabrina
Sandra Sara Sarah Saskia Silke Silvia Simone Sofia Sonja Sophia Sophie Stefanie Stephanie Susan Susanne
Svenja Svetlana Sylvia Tamara Tanja Tatjana Theresa Therese Ulla Ulrike Ursula Ute Valentina Valerie Vanessa
Vera Verena Veronika Victoria Viktoria Waltraud Wiebke Yvonne Zeynep
Alexandria Amber Ashley Brittany Cheryl Chloe Christy Debbie Deborah Denise Dianne Donna Dorothy Elizabeth
Eileen Emilia Erin Fiona Gina Gwynne Heather Holly Jacqueline Jennie Joan Joanne
Jocelyn Joyce Karen Kate Katherine Kathleen Kathryn Kelly Kimberly Kristen Lauren Letitia Lindsey Lori
Lucy Lynn Madeleine Marybel Megan Melissa Molly Nora Olivia Pamela Penny Rebecca Rosalind
Samantha Shannon Sharon Sheila Shirley Stacey Susanna Suzanne Tammy Tiffany Tracy Valérie Wendy Zoe
Annika Frida Ingeborg Kari Liv Mette Sigrid Solveig Elin Agathe Amélie Chantal Élise
Françoise Geneviève Hélène Ségolène Sylvie Giulia Francesca Federica Alessandra Giovanna Elisa
Lucía Pilar Dolores Gabriella Teresa Marisa Raquel Beatriz Irina Ludmila Oksana Tatiana Yulia Julija
Natascha Daria Bonnie Annie Jackie Katie Leslie Jane Josie Lucie Silke Anke Imke Maike Meike Henrike Jule Ayşe Elif Emine Leyla Layla Nour Samira Yasmin
"""

MALE_FIRST_NAMES = frozenset(_MALE.split())
FEMALE_FIRST_NAMES = frozenset(_FEMALE.split())


def name_gender(full_name: str) -> str:
    """ "m" or "f" when the first word of a person's name is a first name of one gender in the lists, else ""
    (unknown, or a name given to both: "Kim", "Andrea")."""
    first = full_name.split()[0] if full_name.split() else ""
    first = first.split("-")[0] if first not in MALE_FIRST_NAMES | FEMALE_FIRST_NAMES else first
    if first in MALE_FIRST_NAMES:
        return "m"
    if first in FEMALE_FIRST_NAMES:
        return "f"
    return ""


def is_first_name(word: str) -> bool:
    """Whether a capitalised word is a first name in the lists ("Jean-Yves" counts by its first part)."""
    return bool(name_gender(word))
