// Words the demo company is made of: countries with their cities, streets and phone formats,
// people's names by language, company names by industry, job titles and notes.

export interface NamePool {
  language: string;
  female: string[];
  male: string[];
  last: string[];
}

export const names: Record<string, NamePool> = {
  en: {
    language: 'en',
    female: ['Olivia', 'Emma', 'Charlotte', 'Amelia', 'Sophie', 'Grace', 'Hannah', 'Chloe', 'Lucy', 'Emily', 'Megan', 'Rachel', 'Sarah', 'Laura', 'Jessica', 'Niamh', 'Aoife', 'Zoe'],
    male: ['Oliver', 'James', 'William', 'Harry', 'Jack', 'Thomas', 'George', 'Daniel', 'Samuel', 'Michael', 'David', 'Ryan', 'Connor', 'Liam', 'Ethan', 'Noah', 'Matthew', 'Andrew'],
    last: ['Smith', 'Johnson', 'Williams', 'Brown', 'Taylor', 'Davies', 'Wilson', 'Evans', 'Thomas', 'Roberts', 'Walker', 'Wright', 'Thompson', 'White', 'Hughes', 'Edwards', 'Green', 'Hall', "O'Brien", "O'Connor", 'Murphy', 'Kelly', 'Campbell', 'Anderson', 'Clarke', 'Harris', 'Lewis', 'Robinson', 'Baker', 'Cooper', 'MacLeod', 'Fitzgerald'],
  },
  de: {
    language: 'de',
    female: ['Anna', 'Lena', 'Katharina', 'Julia', 'Sabine', 'Monika', 'Jana', 'Franziska', 'Miriam', 'Lea', 'Johanna', 'Ute', 'Birgit', 'Sophie', 'Clara'],
    male: ['Lukas', 'Jonas', 'Maximilian', 'Felix', 'Tobias', 'Stefan', 'Andreas', 'Matthias', 'Jürgen', 'Florian', 'Sebastian', 'Uwe', 'Jörg', 'Niklas', 'Moritz'],
    last: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Schäfer', 'Koch', 'Bauer', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann', 'Schwarz', 'Zimmermann', 'Braun', 'Krüger', 'Hofmann', 'Hartmann', 'Lange', 'Weiß', 'Köhler', 'Jäger', 'Vogel', 'Günther'],
  },
  fr: {
    language: 'fr',
    female: ['Camille', 'Léa', 'Manon', 'Chloé', 'Inès', 'Juliette', 'Élodie', 'Amélie', 'Céline', 'Sophie', 'Margaux', 'Hélène', 'Aurélie', 'Mathilde'],
    male: ['Louis', 'Gabriel', 'Hugo', 'Arthur', 'Jules', 'Théo', 'Nicolas', 'Julien', 'Antoine', 'Mathieu', 'François', 'Étienne', 'Jérôme', 'Benoît'],
    last: ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefèvre', 'Michel', 'Garcia', 'David', 'Bertrand', 'Roux', 'Vincent', 'Fournier', 'Girard', 'Bonnet', 'Dupont', 'Lambert', 'Fontaine', 'Rousseau', 'Chevalier', 'Gauthier', 'Lemaître', 'Bérard'],
  },
  es: {
    language: 'es',
    female: ['María', 'Lucía', 'Sofía', 'Martina', 'Paula', 'Carmen', 'Laura', 'Ana', 'Isabel', 'Elena', 'Valentina', 'Ximena', 'Guadalupe', 'Marta', 'Pilar'],
    male: ['Javier', 'Alejandro', 'Pablo', 'Daniel', 'Hugo', 'Álvaro', 'Diego', 'Sergio', 'Carlos', 'Jorge', 'José', 'Andrés', 'Mateo', 'Santiago', 'Raúl'],
    last: ['García', 'Rodríguez', 'González', 'Fernández', 'López', 'Martínez', 'Sánchez', 'Pérez', 'Gómez', 'Martín', 'Jiménez', 'Ruiz', 'Hernández', 'Díaz', 'Moreno', 'Muñoz', 'Álvarez', 'Romero', 'Navarro', 'Torres', 'Domínguez', 'Vázquez', 'Ramos', 'Gil', 'Serrano', 'Núñez', 'Peña', 'Ibáñez', 'Castillo', 'Ortega'],
  },
  it: {
    language: 'it',
    female: ['Giulia', 'Chiara', 'Francesca', 'Sara', 'Martina', 'Alessia', 'Elisa', 'Federica', 'Valentina', 'Silvia', 'Beatrice', 'Giorgia'],
    male: ['Francesco', 'Alessandro', 'Lorenzo', 'Matteo', 'Andrea', 'Marco', 'Luca', 'Giuseppe', 'Davide', 'Riccardo', 'Niccolò', 'Tommaso'],
    last: ['Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco', 'Bruno', 'Gallo', 'Conti', 'De Luca', 'Mancini', 'Costa', 'Giordano', 'Rizzo', 'Lombardi', 'Moretti', 'Barbieri', 'Fontana', 'Santoro', 'Mariani'],
  },
  nl: {
    language: 'nl',
    female: ['Emma', 'Sanne', 'Lotte', 'Fleur', 'Anouk', 'Eva', 'Femke', 'Iris', 'Marieke', 'Noor'],
    male: ['Daan', 'Sem', 'Lars', 'Bram', 'Thijs', 'Jeroen', 'Pieter', 'Sander', 'Ruben', 'Joost'],
    last: ['de Jong', 'Jansen', 'de Vries', 'van den Berg', 'van Dijk', 'Bakker', 'Janssen', 'Visser', 'Smit', 'Meijer', 'de Boer', 'Mulder', 'de Groot', 'Bos', 'Vos', 'Peters', 'Hendriks', 'van Leeuwen', 'Dekker', 'Brouwer'],
  },
  sv: {
    language: 'sv',
    female: ['Alice', 'Maja', 'Elsa', 'Astrid', 'Ingrid', 'Linnéa', 'Saga', 'Karin', 'Sofia', 'Frida'],
    male: ['Erik', 'Lars', 'Anders', 'Johan', 'Oskar', 'Nils', 'Axel', 'Björn', 'Gustav', 'Magnus'],
    last: ['Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsson', 'Olsson', 'Persson', 'Svensson', 'Gustafsson', 'Lindström', 'Lindqvist', 'Åberg', 'Öberg', 'Sjöberg', 'Holmström', 'Bergström', 'Ekström'],
  },
  pl: {
    language: 'pl',
    female: ['Zofia', 'Julia', 'Zuzanna', 'Agnieszka', 'Małgorzata', 'Katarzyna', 'Magdalena', 'Joanna', 'Ewa', 'Aleksandra'],
    male: ['Jakub', 'Kacper', 'Piotr', 'Krzysztof', 'Tomasz', 'Paweł', 'Michał', 'Łukasz', 'Marcin', 'Grzegorz'],
    last: ['Nowak', 'Kowalski', 'Wiśniewski', 'Wójcik', 'Kowalczyk', 'Kamiński', 'Lewandowski', 'Zieliński', 'Szymański', 'Woźniak', 'Dąbrowski', 'Kozłowski', 'Jankowski', 'Mazur', 'Krawczyk'],
  },
  pt: {
    language: 'pt',
    female: ['Beatriz', 'Mariana', 'Ana', 'Inês', 'Carolina', 'Larissa', 'Juliana', 'Fernanda', 'Letícia', 'Camila'],
    male: ['João', 'Pedro', 'Tiago', 'Rafael', 'Gonçalo', 'Lucas', 'Gustavo', 'Rodrigo', 'Bruno', 'Vinícius'],
    last: ['Silva', 'Santos', 'Ferreira', 'Pereira', 'Oliveira', 'Costa', 'Rodrigues', 'Martins', 'Jesus', 'Sousa', 'Fernandes', 'Gonçalves', 'Gomes', 'Lopes', 'Marques', 'Araújo', 'Conceição', 'Magalhães'],
  },
  vi: {
    language: 'vi',
    female: ['Linh', 'Trang', 'Hương', 'Mai', 'Lan', 'Ngọc', 'Thảo', 'Hà', 'Phương', 'Thu'],
    male: ['Minh', 'Huy', 'Tuấn', 'Dũng', 'Quang', 'Khoa', 'Long', 'Nam', 'Đức', 'Bảo'],
    last: ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương'],
  },
  ja: {
    language: 'ja',
    female: ['Yui', 'Hina', 'Sakura', 'Aoi', 'Yuki', 'Haruka', 'Mio', 'Emi', 'Naomi', 'Ayumi'],
    male: ['Haruto', 'Sōta', 'Ren', 'Takumi', 'Kenji', 'Hiroshi', 'Daiki', 'Kaito', 'Yūki', 'Shin'],
    last: ['Satō', 'Suzuki', 'Takahashi', 'Tanaka', 'Watanabe', 'Itō', 'Yamamoto', 'Nakamura', 'Kobayashi', 'Katō', 'Yoshida', 'Yamada', 'Sasaki', 'Matsumoto', 'Inoue'],
  },
  hi: {
    language: 'en',
    female: ['Priya', 'Ananya', 'Aditi', 'Kavya', 'Neha', 'Pooja', 'Divya', 'Ishita', 'Meera', 'Sneha'],
    male: ['Arjun', 'Rahul', 'Vikram', 'Aditya', 'Rohan', 'Karan', 'Amit', 'Sanjay', 'Nikhil', 'Ravi'],
    last: ['Sharma', 'Patel', 'Singh', 'Kumar', 'Gupta', 'Iyer', 'Reddy', 'Nair', 'Mehta', 'Chopra', 'Joshi', 'Rao', 'Banerjee', 'Desai', 'Kapoor'],
  },
  tr: {
    language: 'tr',
    female: ['Zeynep', 'Elif', 'Ayşe', 'Fatma', 'Büşra', 'Selin', 'Deniz', 'Ece'],
    male: ['Mehmet', 'Mustafa', 'Emre', 'Burak', 'Can', 'Oğuz', 'Kerem', 'Barış'],
    last: ['Yılmaz', 'Kaya', 'Demir', 'Şahin', 'Çelik', 'Yıldız', 'Öztürk', 'Aydın', 'Özdemir', 'Arslan', 'Doğan', 'Koç'],
  },
  cs: {
    language: 'cs',
    female: ['Tereza', 'Eliška', 'Kateřina', 'Lucie', 'Veronika', 'Petra'],
    male: ['Jan', 'Tomáš', 'Jiří', 'Petr', 'Ondřej', 'Vojtěch'],
    last: ['Novák', 'Svoboda', 'Novotný', 'Dvořák', 'Černý', 'Procházka', 'Kučera', 'Veselý', 'Horák', 'Němec'],
  },
};

export interface City {
  name: string;
  region?: string;
  /** Postal code pattern: # = digit, A = capital letter. */
  postal: string;
  /** Area code for landlines. */
  area: string;
}

export interface Country {
  code: string;
  name: string;
  tld: string;
  currency: 'EUR' | 'USD' | 'GBP';
  dial: string;
  /** Weight of this country among the demo company's customers. */
  weight: number;
  names: Array<readonly [string, number]>;
  legal: string[];
  streets: string[];
  /** Street line: {n} number, {s} street. */
  streetFormat: string;
  cities: City[];
}

export const countries: Country[] = [
  {
    code: 'DE', name: 'Germany', tld: 'de', currency: 'EUR', dial: '+49', weight: 16, names: [['de', 8], ['tr', 1], ['pl', 1], ['en', 0.5]], legal: ['GmbH', 'AG', 'GmbH & Co. KG', 'SE'],
    streets: ['Hauptstraße', 'Bahnhofstraße', 'Lindenallee', 'Schillerstraße', 'Goethestraße', 'Am Hafen', 'Friedrichstraße', 'Königsallee', 'Gartenweg', 'Mühlenstraße'],
    streetFormat: '{s} {n}',
    cities: [
      { name: 'Berlin', postal: '10###', area: '30' }, { name: 'München', region: 'Bayern', postal: '80###', area: '89' },
      { name: 'Hamburg', postal: '20###', area: '40' }, { name: 'Köln', region: 'Nordrhein-Westfalen', postal: '50###', area: '221' },
      { name: 'Frankfurt am Main', region: 'Hessen', postal: '60###', area: '69' }, { name: 'Stuttgart', region: 'Baden-Württemberg', postal: '70###', area: '711' },
      { name: 'Düsseldorf', region: 'Nordrhein-Westfalen', postal: '40###', area: '211' }, { name: 'Leipzig', region: 'Sachsen', postal: '04###', area: '341' },
    ],
  },
  {
    code: 'GB', name: 'United Kingdom', tld: 'co.uk', currency: 'GBP', dial: '+44', weight: 14, names: [['en', 8], ['hi', 1.5], ['pl', 0.5]], legal: ['Ltd', 'plc', 'LLP', 'Ltd'],
    streets: ['High Street', 'Station Road', 'Church Lane', 'Victoria Road', 'King Street', 'Queen’s Road', 'Mill Lane', 'Park Avenue', 'Bridge Street', 'Market Square'],
    streetFormat: '{n} {s}',
    cities: [
      { name: 'London', postal: 'EC# #AA', area: '20' }, { name: 'Manchester', postal: 'M# #AA', area: '161' }, { name: 'Birmingham', postal: 'B# #AA', area: '121' },
      { name: 'Edinburgh', region: 'Scotland', postal: 'EH# #AA', area: '131' }, { name: 'Bristol', postal: 'BS# #AA', area: '117' }, { name: 'Leeds', postal: 'LS# #AA', area: '113' },
      { name: 'Cambridge', postal: 'CB# #AA', area: '1223' },
    ],
  },
  {
    code: 'US', name: 'United States', tld: 'com', currency: 'USD', dial: '+1', weight: 18, names: [['en', 8], ['es', 2], ['hi', 1], ['vi', 0.7], ['ja', 0.3]], legal: ['Inc.', 'LLC', 'Corp.', 'Inc.'],
    streets: ['Main Street', 'Market Street', 'Broadway', 'Elm Street', 'Mission Street', 'Oak Avenue', 'Congress Avenue', 'Pike Street', 'Peachtree Street', 'Michigan Avenue'],
    streetFormat: '{n} {s}',
    cities: [
      { name: 'New York', region: 'NY', postal: '100##', area: '212' }, { name: 'San Francisco', region: 'CA', postal: '941##', area: '415' },
      { name: 'Austin', region: 'TX', postal: '787##', area: '512' }, { name: 'Chicago', region: 'IL', postal: '606##', area: '312' },
      { name: 'Seattle', region: 'WA', postal: '981##', area: '206' }, { name: 'Boston', region: 'MA', postal: '021##', area: '617' },
      { name: 'Atlanta', region: 'GA', postal: '303##', area: '404' }, { name: 'Denver', region: 'CO', postal: '802##', area: '303' },
    ],
  },
  {
    code: 'FR', name: 'France', tld: 'fr', currency: 'EUR', dial: '+33', weight: 10, names: [['fr', 9], ['pt', 0.5], ['vi', 0.5]], legal: ['SAS', 'SA', 'SARL'],
    streets: ['rue de la République', 'avenue Victor Hugo', 'rue du Faubourg Saint-Honoré', 'boulevard Haussmann', 'rue Pasteur', 'place Bellecour', 'rue Nationale', 'quai des Chartrons'],
    streetFormat: '{n} {s}',
    cities: [
      { name: 'Paris', postal: '750##', area: '1' }, { name: 'Lyon', postal: '6900#', area: '4' }, { name: 'Marseille', postal: '130##', area: '4' },
      { name: 'Toulouse', postal: '310##', area: '5' }, { name: 'Bordeaux', postal: '330##', area: '5' }, { name: 'Nantes', postal: '440##', area: '2' }, { name: 'Lille', postal: '590##', area: '3' },
    ],
  },
  {
    code: 'ES', name: 'Spain', tld: 'es', currency: 'EUR', dial: '+34', weight: 8, names: [['es', 9], ['en', 0.5]], legal: ['S.L.', 'S.A.'],
    streets: ['Calle Mayor', 'Gran Vía', 'Paseo de Gracia', 'Calle de Alcalá', 'Avenida Diagonal', 'Calle Real', 'Calle Larios', 'Avenida de la Constitución'],
    streetFormat: '{s}, {n}',
    cities: [
      { name: 'Madrid', postal: '280##', area: '91' }, { name: 'Barcelona', region: 'Cataluña', postal: '080##', area: '93' }, { name: 'Valencia', postal: '460##', area: '96' },
      { name: 'Sevilla', region: 'Andalucía', postal: '410##', area: '95' }, { name: 'Bilbao', region: 'País Vasco', postal: '480##', area: '94' }, { name: 'Málaga', region: 'Andalucía', postal: '290##', area: '95' },
    ],
  },
  {
    code: 'NL', name: 'Netherlands', tld: 'nl', currency: 'EUR', dial: '+31', weight: 6, names: [['nl', 9], ['tr', 0.5], ['en', 0.5]], legal: ['B.V.', 'N.V.'],
    streets: ['Keizersgracht', 'Herengracht', 'Coolsingel', 'Oudegracht', 'Stationsplein', 'Damrak', 'Lange Voorhout'],
    streetFormat: '{s} {n}',
    cities: [
      { name: 'Amsterdam', postal: '10## AA', area: '20' }, { name: 'Rotterdam', postal: '30## AA', area: '10' }, { name: 'Utrecht', postal: '35## AA', area: '30' },
      { name: 'Eindhoven', postal: '56## AA', area: '40' }, { name: 'Den Haag', postal: '25## AA', area: '70' },
    ],
  },
  {
    code: 'IT', name: 'Italy', tld: 'it', currency: 'EUR', dial: '+39', weight: 5, names: [['it', 10]], legal: ['S.r.l.', 'S.p.A.'],
    streets: ['Via Roma', 'Corso Vittorio Emanuele II', 'Via Garibaldi', 'Via Dante', 'Via Montenapoleone', 'Piazza del Duomo', 'Via Mazzini'],
    streetFormat: '{s}, {n}',
    cities: [
      { name: 'Milano', region: 'Lombardia', postal: '201##', area: '02' }, { name: 'Roma', region: 'Lazio', postal: '001##', area: '06' },
      { name: 'Torino', region: 'Piemonte', postal: '101##', area: '011' }, { name: 'Bologna', region: 'Emilia-Romagna', postal: '401##', area: '051' }, { name: 'Firenze', region: 'Toscana', postal: '501##', area: '055' },
    ],
  },
  {
    code: 'SE', name: 'Sweden', tld: 'se', currency: 'EUR', dial: '+46', weight: 3, names: [['sv', 10]], legal: ['AB'],
    streets: ['Drottninggatan', 'Kungsgatan', 'Storgatan', 'Sveavägen', 'Avenyn', 'Strandvägen'],
    streetFormat: '{s} {n}',
    cities: [{ name: 'Stockholm', postal: '11# ##', area: '8' }, { name: 'Göteborg', postal: '41# ##', area: '31' }, { name: 'Malmö', postal: '21# ##', area: '40' }, { name: 'Uppsala', postal: '75# ##', area: '18' }],
  },
  {
    code: 'PL', name: 'Poland', tld: 'pl', currency: 'EUR', dial: '+48', weight: 3, names: [['pl', 10]], legal: ['sp. z o.o.', 'S.A.'],
    streets: ['ul. Marszałkowska', 'ul. Piotrkowska', 'ul. Długa', 'ul. Floriańska', 'al. Jerozolimskie', 'ul. Świętojańska'],
    streetFormat: '{s} {n}',
    cities: [{ name: 'Warszawa', postal: '00-###', area: '22' }, { name: 'Kraków', postal: '30-###', area: '12' }, { name: 'Wrocław', postal: '50-###', area: '71' }, { name: 'Gdańsk', postal: '80-###', area: '58' }, { name: 'Łódź', postal: '90-###', area: '42' }],
  },
  {
    code: 'PT', name: 'Portugal', tld: 'pt', currency: 'EUR', dial: '+351', weight: 2, names: [['pt', 10]], legal: ['Lda.', 'S.A.'],
    streets: ['Avenida da Liberdade', 'Rua Augusta', 'Rua de Santa Catarina', 'Rua Garrett', 'Avenida dos Aliados'],
    streetFormat: '{s}, {n}',
    cities: [{ name: 'Lisboa', postal: '1###-###', area: '21' }, { name: 'Porto', postal: '4###-###', area: '22' }, { name: 'Braga', postal: '4###-###', area: '253' }],
  },
  {
    code: 'BR', name: 'Brazil', tld: 'com.br', currency: 'USD', dial: '+55', weight: 2, names: [['pt', 10]], legal: ['Ltda.', 'S.A.'],
    streets: ['Avenida Paulista', 'Rua Oscar Freire', 'Avenida Atlântica', 'Rua da Consolação', 'Avenida Brasil'],
    streetFormat: '{s}, {n}',
    cities: [{ name: 'São Paulo', region: 'SP', postal: '01###-###', area: '11' }, { name: 'Rio de Janeiro', region: 'RJ', postal: '20###-###', area: '21' }, { name: 'Belo Horizonte', region: 'MG', postal: '30###-###', area: '31' }, { name: 'Curitiba', region: 'PR', postal: '80###-###', area: '41' }],
  },
  {
    code: 'MX', name: 'Mexico', tld: 'com.mx', currency: 'USD', dial: '+52', weight: 2, names: [['es', 10]], legal: ['S.A. de C.V.'],
    streets: ['Paseo de la Reforma', 'Avenida Insurgentes Sur', 'Avenida Juárez', 'Calle Madero', 'Avenida Chapultepec'],
    streetFormat: '{s} {n}',
    cities: [{ name: 'Ciudad de México', region: 'CDMX', postal: '06###', area: '55' }, { name: 'Guadalajara', region: 'Jalisco', postal: '44###', area: '33' }, { name: 'Monterrey', region: 'Nuevo León', postal: '64###', area: '81' }],
  },
  {
    code: 'CA', name: 'Canada', tld: 'ca', currency: 'USD', dial: '+1', weight: 3, names: [['en', 7], ['fr', 2], ['hi', 1]], legal: ['Inc.', 'Ltd.'],
    streets: ['Yonge Street', 'Queen Street West', 'Rue Sainte-Catherine', 'Granville Street', 'Jasper Avenue', 'Bank Street'],
    streetFormat: '{n} {s}',
    cities: [{ name: 'Toronto', region: 'ON', postal: 'M#A #A#', area: '416' }, { name: 'Montréal', region: 'QC', postal: 'H#A #A#', area: '514' }, { name: 'Vancouver', region: 'BC', postal: 'V#A #A#', area: '604' }, { name: 'Ottawa', region: 'ON', postal: 'K#A #A#', area: '613' }],
  },
  {
    code: 'IE', name: 'Ireland', tld: 'ie', currency: 'EUR', dial: '+353', weight: 2, names: [['en', 9], ['pl', 1]], legal: ['Ltd', 'DAC'],
    streets: ['Grafton Street', 'O’Connell Street', 'Baggot Street', 'Patrick Street', 'Shop Street'],
    streetFormat: '{n} {s}',
    cities: [{ name: 'Dublin', postal: 'D0# A###', area: '1' }, { name: 'Cork', postal: 'T12 A###', area: '21' }, { name: 'Galway', postal: 'H91 A###', area: '91' }],
  },
  {
    code: 'AT', name: 'Austria', tld: 'at', currency: 'EUR', dial: '+43', weight: 2, names: [['de', 9], ['cs', 0.5], ['tr', 0.5]], legal: ['GmbH', 'AG'],
    streets: ['Mariahilfer Straße', 'Kärntner Straße', 'Getreidegasse', 'Landstraße', 'Herrengasse'],
    streetFormat: '{s} {n}',
    cities: [{ name: 'Wien', postal: '1###', area: '1' }, { name: 'Graz', postal: '80##', area: '316' }, { name: 'Salzburg', postal: '50##', area: '662' }, { name: 'Linz', postal: '40##', area: '732' }],
  },
  {
    code: 'CH', name: 'Switzerland', tld: 'ch', currency: 'EUR', dial: '+41', weight: 2, names: [['de', 6], ['fr', 3], ['it', 1]], legal: ['AG', 'SA', 'GmbH'],
    streets: ['Bahnhofstrasse', 'Rue du Rhône', 'Marktgasse', 'Freie Strasse', 'Via Nassa'],
    streetFormat: '{s} {n}',
    cities: [{ name: 'Zürich', postal: '80##', area: '44' }, { name: 'Genève', postal: '12##', area: '22' }, { name: 'Basel', postal: '40##', area: '61' }, { name: 'Bern', postal: '30##', area: '31' }, { name: 'Lausanne', postal: '10##', area: '21' }],
  },
  {
    code: 'CZ', name: 'Czechia', tld: 'cz', currency: 'EUR', dial: '+420', weight: 1, names: [['cs', 10]], legal: ['s.r.o.', 'a.s.'],
    streets: ['Václavské náměstí', 'Národní', 'Vinohradská', 'Masarykova', 'Husova'],
    streetFormat: '{s} {n}',
    cities: [{ name: 'Praha', postal: '1## ##', area: '2' }, { name: 'Brno', postal: '6## ##', area: '5' }],
  },
  {
    code: 'JP', name: 'Japan', tld: 'co.jp', currency: 'USD', dial: '+81', weight: 2, names: [['ja', 10]], legal: ['K.K.', 'Co., Ltd.'],
    streets: ['Chiyoda', 'Minato', 'Shibuya', 'Umeda', 'Nakamura'],
    streetFormat: '{n}-{n} {s}',
    cities: [{ name: 'Tokyo', postal: '1##-####', area: '3' }, { name: 'Osaka', postal: '5##-####', area: '6' }, { name: 'Yokohama', postal: '2##-####', area: '45' }, { name: 'Kyoto', postal: '6##-####', area: '75' }],
  },
  {
    code: 'VN', name: 'Vietnam', tld: 'com.vn', currency: 'USD', dial: '+84', weight: 2, names: [['vi', 10]], legal: ['JSC', 'Co., Ltd.'],
    streets: ['Đường Lê Lợi', 'Đường Nguyễn Huệ', 'Phố Hàng Bài', 'Đường Trần Hưng Đạo', 'Đường Hai Bà Trưng'],
    streetFormat: '{n} {s}',
    cities: [{ name: 'Hồ Chí Minh', postal: '7#####', area: '28' }, { name: 'Hà Nội', postal: '1#####', area: '24' }, { name: 'Đà Nẵng', postal: '5#####', area: '236' }],
  },
  {
    code: 'IN', name: 'India', tld: 'in', currency: 'USD', dial: '+91', weight: 3, names: [['hi', 10]], legal: ['Pvt. Ltd.', 'Ltd.'],
    streets: ['MG Road', 'Brigade Road', 'Linking Road', 'Park Street', 'Anna Salai', 'Connaught Place'],
    streetFormat: '{n} {s}',
    cities: [{ name: 'Bengaluru', region: 'Karnataka', postal: '560###', area: '80' }, { name: 'Mumbai', region: 'Maharashtra', postal: '400###', area: '22' }, { name: 'Pune', region: 'Maharashtra', postal: '411###', area: '20' }, { name: 'Hyderabad', region: 'Telangana', postal: '500###', area: '40' }],
  },
  {
    code: 'AU', name: 'Australia', tld: 'com.au', currency: 'USD', dial: '+61', weight: 2, names: [['en', 8], ['vi', 1], ['hi', 1]], legal: ['Pty Ltd'],
    streets: ['George Street', 'Collins Street', 'Queen Street', 'Hay Street', 'King William Street'],
    streetFormat: '{n} {s}',
    cities: [{ name: 'Sydney', region: 'NSW', postal: '2###', area: '2' }, { name: 'Melbourne', region: 'VIC', postal: '3###', area: '3' }, { name: 'Brisbane', region: 'QLD', postal: '4###', area: '7' }, { name: 'Perth', region: 'WA', postal: '6###', area: '8' }],
  },
  {
    code: 'TR', name: 'Türkiye', tld: 'com.tr', currency: 'EUR', dial: '+90', weight: 1, names: [['tr', 10]], legal: ['A.Ş.', 'Ltd. Şti.'],
    streets: ['İstiklal Caddesi', 'Bağdat Caddesi', 'Atatürk Bulvarı', 'Cumhuriyet Caddesi'],
    streetFormat: '{s} No:{n}',
    cities: [{ name: 'İstanbul', postal: '34###', area: '212' }, { name: 'Ankara', postal: '06###', area: '312' }, { name: 'İzmir', postal: '35###', area: '232' }],
  },
];

/** Company name parts: a distinctive word, then a word that says what the company does. */
export const nameRoots = [
  'Northwind', 'Bluebird', 'Silverline', 'Ironbridge', 'Lumen', 'Vertex', 'Kestrel', 'Aurora', 'Harborview', 'Brightwater', 'Evergreen', 'Granite',
  'Copperleaf', 'Redwood', 'Summit', 'Clearview', 'Falcon', 'Meridian', 'Oakridge', 'Pioneer', 'Quantum', 'Riverside', 'Sterling', 'Tidewater',
  'Westbrook', 'Alder', 'Beacon', 'Cedar', 'Ember', 'Fjord', 'Helix', 'Juniper', 'Keystone', 'Larkspur', 'Mosaic', 'Nimbus', 'Orchid', 'Polaris',
  'Sable', 'Tandem', 'Willow', 'Zephyr', 'Sonnenberg', 'Rheintal', 'Alpenblick', 'Nordlicht', 'Solaris', 'Miramar', 'Bellavista', 'Nordlys',
  'Sakura', 'Kaizen', 'Lotus', 'Mistral', 'Bora', 'Sirocco', 'Atlas', 'Orion', 'Vega', 'Lyra', 'Andromeda', 'Cobalt', 'Indigo', 'Saffron',
  'Amber', 'Basalt', 'Hawthorn', 'Linden', 'Maple', 'Birch', 'Heron', 'Osprey', 'Pelican', 'Lynx', 'Otter', 'Badger', 'Wren', 'Kite',
  'Halcyon', 'Elysian', 'Arcadia', 'Avalon', 'Caledonia', 'Hibernia', 'Iberia', 'Lusitania', 'Helvetia', 'Bavaria', 'Flanders', 'Baltic',
  'Adriatic', 'Sierra', 'Montaña', 'Côte', 'Étoile', 'Grünwald', 'Löwen', 'Fjell', 'Skog', 'Hanami', 'Sông Hồng', 'Mekong', 'Ganges',
];

export const industryWords: Record<string, string[]> = {
  Agriculture: ['Farms', 'Agritech', 'Harvest', 'Growers', 'Seeds'],
  Automotive: ['Automotive', 'Motors', 'Mobility', 'Auto Parts', 'Drivetrain'],
  Banking: ['Bank', 'Capital', 'Finance', 'Savings', 'Payments'],
  Construction: ['Construction', 'Builders', 'Bau', 'Engineering', 'Structures'],
  Consulting: ['Consulting', 'Advisory', 'Partners', 'Strategy Group', 'Associates'],
  Education: ['Academy', 'Learning', 'Institute', 'Education', 'School of Business'],
  Energy: ['Energy', 'Solar', 'Power', 'Renewables', 'Wind'],
  Entertainment: ['Studios', 'Entertainment', 'Pictures', 'Games', 'Live'],
  'Food & beverage': ['Foods', 'Brewery', 'Coffee Roasters', 'Bakeries', 'Organics'],
  Government: ['Municipal Services', 'Public Works', 'Transit Authority', 'Agency'],
  Healthcare: ['Health', 'Medical', 'Clinics', 'Diagnostics', 'Care'],
  Hospitality: ['Hotels', 'Resorts', 'Hospitality', 'Inns', 'Travel'],
  Insurance: ['Insurance', 'Assurance', 'Mutual', 'Underwriters'],
  Logistics: ['Logistics', 'Freight', 'Shipping', 'Transport', 'Cargo'],
  Manufacturing: ['Manufacturing', 'Industries', 'Werke', 'Precision', 'Components'],
  Media: ['Media', 'Publishing', 'Press', 'Broadcasting', 'Digital'],
  'Non-profit': ['Foundation', 'Trust', 'Initiative', 'Society'],
  Pharmaceuticals: ['Pharma', 'Biotech', 'Therapeutics', 'Life Sciences', 'Biologics'],
  'Real estate': ['Properties', 'Real Estate', 'Estates', 'Living', 'Immobilien'],
  Retail: ['Retail', 'Stores', 'Outfitters', 'Marketplace', 'Home & Garden'],
  Software: ['Software', 'Labs', 'Systems', 'Analytics', 'Cloud', 'Technologies', 'AI'],
  Telecommunications: ['Telecom', 'Networks', 'Communications', 'Fibre', 'Mobile'],
  Other: ['Group', 'Holdings', 'Ventures', 'Trading', 'Services'],
};

/** How common each industry is among the demo company's customers (a B2B software vendor). */
export const industryWeights: Array<readonly [string, number]> = [
  ['Software', 14], ['Manufacturing', 10], ['Consulting', 8], ['Retail', 8], ['Healthcare', 7], ['Logistics', 6], ['Banking', 5],
  ['Insurance', 4], ['Energy', 4], ['Media', 4], ['Education', 4], ['Real estate', 4], ['Hospitality', 3], ['Food & beverage', 4],
  ['Telecommunications', 3], ['Automotive', 3], ['Pharmaceuticals', 3], ['Construction', 3], ['Agriculture', 2], ['Entertainment', 2],
  ['Non-profit', 2], ['Government', 1], ['Other', 2],
];

export const industryBlurbs: Record<string, string[]> = {
  Software: ['Builds B2B SaaS for finance teams.', 'Develops developer tooling and CI infrastructure.', 'Data platform for mid-market retailers.'],
  Manufacturing: ['Family-owned maker of precision parts for the automotive supply chain.', 'Produces packaging machinery; three plants.', 'Contract manufacturer of medical devices.'],
  Consulting: ['Boutique consultancy for digital transformation in the public sector.', 'Management consultants focused on operations and supply chain.'],
  Retail: ['Chain of outdoor and sports stores.', 'Online marketplace for home furnishings.', 'Regional grocery chain with 40 stores.'],
  Healthcare: ['Network of outpatient clinics.', 'Diagnostic laboratory services.', 'Home-care provider with mobile nursing teams.'],
  Logistics: ['Third-party logistics with cross-docking hubs.', 'Freight forwarding, sea and air.', 'Last-mile delivery in urban areas.'],
};

export const companySizeWeights: Array<readonly [string, number, number, number]> = [
  // size, weight, min employees, max employees
  ['1-10', 12, 2, 10], ['11-50', 26, 11, 50], ['51-200', 26, 51, 200], ['201-500', 15, 201, 500],
  ['501-1000', 9, 501, 1000], ['1001-5000', 8, 1001, 5000], ['5001+', 4, 5001, 60000],
];

export const companyTags = ['key-account', 'partner', 'reseller', 'enterprise', 'smb', 'at-risk', 'expansion', 'renewal-q3', 'pilot', 'reference-customer'];
export const contactTags = ['vip', 'newsletter', 'webinar-attendee', 'trade-show', 'decision-maker', 'champion', 'technical', 'billing-contact', 'beta-tester', 'event-speaker'];

export const sourceWeights: Array<readonly [string, number]> = [
  ['website', 30], ['referral', 15], ['event', 12], ['advertising', 10], ['partner', 8], ['cold outreach', 10], ['social', 8], ['import', 5], ['other', 2],
];

/** Lifecycle stages as a B2B pipeline looks: many leads, fewer customers, some churn. */
export const stageWeights: Array<readonly [string | null, number]> = [
  ['subscriber', 18], ['lead', 32], ['prospect', 17], ['customer', 24], ['churned', 5], [null, 4],
];

export const jobTitles: Array<readonly [string, number]> = [
  ['CEO', 3], ['Managing Director', 2], ['CTO', 2], ['CFO', 2], ['COO', 1], ['VP Sales', 2], ['VP Engineering', 2], ['Head of Marketing', 3],
  ['Head of Procurement', 3], ['Procurement Manager', 4], ['IT Manager', 5], ['Operations Manager', 5], ['Office Manager', 3],
  ['Finance Controller', 3], ['HR Business Partner', 2], ['Account Manager', 4], ['Sales Manager', 4], ['Marketing Manager', 4],
  ['Product Manager', 4], ['Software Engineer', 5], ['Data Analyst', 3], ['Customer Success Manager', 3], ['Project Manager', 4],
  ['Purchasing Assistant', 2], ['Executive Assistant', 2], ['Legal Counsel', 1], ['Head of IT', 3], ['Logistics Coordinator', 2],
];

export const freeMailDomains: Record<string, string[]> = {
  DE: ['gmx.de', 'web.de', 't-online.de'], FR: ['orange.fr', 'free.fr'], GB: ['btinternet.com', 'gmail.com'], ES: ['gmail.com', 'hotmail.es'],
  IT: ['libero.it', 'gmail.com'], NL: ['ziggo.nl', 'gmail.com'], '*': ['gmail.com', 'outlook.com', 'icloud.com', 'proton.me', 'yahoo.com'],
};

export const products = ['Kith Cloud', 'the Analytics add-on', 'the Enterprise plan', 'the Starter plan', 'the API package', 'premium support'];
export const events = ['SaaStr Europa', 'Web Summit', 'CeBIT follow-up day', 'our Berlin roadshow', 'the London partner breakfast', 'VivaTech', 'a webinar on pipeline hygiene'];
export const weekdays = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'];
export const issues = ['SSO login loop after their IdP migration', 'CSV export timing out on large views', 'duplicate invoices in March', 'webhook retries hitting their firewall', 'a user locked out after 2FA reset'];
export const competitors = ['HubSpot', 'Salesforce', 'Pipedrive', 'Zoho', 'a spreadsheet'];

/** Note templates: {first} {company} {product} {event} {weekday} {n} {issue} {competitor} {amount} {city}. */
export const contactNotes = [
  'Intro call with {first}. They are evaluating {product} for about {n} seats; currently on {competitor}. Follow up {weekday}.',
  'Met {first} at {event}. Interested in the reporting features, asked for a case study from their industry.',
  'Sent the proposal for {product}: {amount}, annual billing. {first} will take it to their budget meeting.',
  '{first} asked about data residency — confirmed we can host in the EU. Sent the DPA.',
  'Demo went well. {first} wants a second session with their IT team; pencilled in for {weekday}.',
  'Left a voicemail. Will try again {weekday} morning.',
  'Support: {issue}. Escalated to engineering, workaround shared with {first}.',
  '{first} confirmed renewal for another year. Wants to add {n} users in Q3.',
  'Price objection — {competitor} quoted lower. Offered a 10% multi-year discount, waiting for feedback.',
  'Onboarding kick-off done. {first} is the admin; training for the sales team next {weekday}.',
  '{first} moved to a new role internally; new point of contact to be introduced.',
  'Quarterly business review: adoption at {n}%, main request is better mobile support.',
  'Asked to be removed from the newsletter but still wants product updates.',
  '{first} is travelling to {city} next month and suggested meeting in person.',
  'Churn risk: {first} mentioned budget cuts. Scheduled a call with their manager.',
];
export const companyNotes = [
  '{company} signed the framework agreement. Procurement wants invoices by PO number.',
  'Account plan: expand from sales into customer service in {company} next year; champion is in IT.',
  '{company} is consolidating vendors; we are on the short list with {competitor}.',
  'Security questionnaire received from {company}; answered 112 of 120 questions, the rest with legal.',
  'Reference call arranged between {company} and a prospect in the same industry.',
  '{company} paid the overdue invoice ({amount}). Dunning stopped.',
  'New subsidiary of {company} in {city} might need separate licences.',
  '{company} renewal is up in {n} days; health score green.',
];
